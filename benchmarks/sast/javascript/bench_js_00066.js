import React from "react";

export default function Greeting() {
  const name = new URLSearchParams(window.location.search).get("name") || "guest";
  return <p className="greeting">Hello {name}</p>;
}
