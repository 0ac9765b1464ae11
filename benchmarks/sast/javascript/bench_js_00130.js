function newCsrfNonce() {
  const bytes = window.crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

const nonce = newCsrfNonce();
sessionStorage.setItem("csrf", nonce);
document.querySelector("input[name=csrf]").value = nonce;
