// Test cases for react.yaml in TypeScript (semgrep --test). Not executed.
import React from 'react';
import { useRouter } from 'next/router';

export default function Page(): JSX.Element {
  const router = useRouter();
  const msg = router.query.msg as string;
  // ruleid: shiftleft.js.react-dangerous-html-user-data, shiftleft.js.react-dangerously-set-inner-html
  const p = <p dangerouslySetInnerHTML={{ __html: msg }} />;
  // ok: shiftleft.js.react-dangerous-html-user-data, shiftleft.js.react-dangerously-set-inner-html
  const q = <p>{msg}</p>;
  // ruleid: shiftleft.js.react-user-controlled-url
  const a = <a href={router.query.link as string}>link</a>;
  return <main>{p}{q}{a}</main>;
}
