import DOMPurify from "dompurify";

const params = new URLSearchParams(window.location.search);
const preview = document.getElementById("preview");
preview.innerHTML = DOMPurify.sanitize(params.get("content") || "");
