import React from "react";

export default function Notice() {
  const message = new URLSearchParams(window.location.search).get("msg") || "";
  return <div className="notice" dangerouslySetInnerHTML={{ __html: message }} />;
}
