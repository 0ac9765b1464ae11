// Test cases for react.yaml (semgrep --test). Not executed.
import React from 'react';
import DOMPurify from 'dompurify';
import { useParams, useSearchParams } from 'react-router-dom';

export function Article({ post }) {
  // ruleid: shiftleft.js.react-dangerously-set-inner-html
  const body = <div className="body" dangerouslySetInnerHTML={{ __html: post.body }} />;
  // ok: shiftleft.js.react-dangerously-set-inner-html
  const clean = <div dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(post.body) }} />;
  // ruleid: shiftleft.js.react-dangerously-set-inner-html
  const card = <div dangerouslySetInnerHTML={{ __html: `<b>${post.title}</b>` }} />;
  // ok: shiftleft.js.react-dangerously-set-inner-html
  const rule = <div dangerouslySetInnerHTML={{ __html: '<hr/>' }} />;
  // ok: shiftleft.js.react-dangerously-set-inner-html
  const text = <div>{post.body}</div>;
  return <div>{body}{clean}{card}{rule}{text}</div>;
}

export function Preview() {
  const [params] = useSearchParams();
  const html = params.get('html');
  return (
    // ruleid: shiftleft.js.react-dangerous-html-user-data, shiftleft.js.react-dangerously-set-inner-html
    <section dangerouslySetInnerHTML={{ __html: html }} />
  );
}

export function SafePreview() {
  const [params] = useSearchParams();
  const html = DOMPurify.sanitize(params.get('html'));
  return (
    // ok: shiftleft.js.react-dangerous-html-user-data, shiftleft.js.react-dangerously-set-inner-html
    <section dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(html) }} />
  );
}

export function Back() {
  const next = new URLSearchParams(location.search).get('next');
  const { id } = useParams();
  // ruleid: shiftleft.js.react-user-controlled-url
  const cont = <a href={next}>Continue</a>;
  // ok: shiftleft.js.react-user-controlled-url
  const item = <a href={'/items/' + id}>Item</a>;
  // ok: shiftleft.js.react-user-controlled-url
  const search = <a href={`/search?q=${encodeURIComponent(next)}`}>Search</a>;
  // ruleid: shiftleft.js.react-user-controlled-url
  const frame = <iframe src={next} />;
  // ok: shiftleft.js.react-user-controlled-url
  const home = <a href="/home">Home</a>;
  return <nav>{cont}{item}{search}{frame}{home}</nav>;
}

export function Legacy(props) {
  // ruleid: shiftleft.js.react-dangerously-set-inner-html
  return React.createElement('div', { dangerouslySetInnerHTML: { __html: props.html } });
}
