function newCsrfNonce() {
  let nonce = "";
  for (let i = 0; i < 32; i++) {
    nonce += Math.floor(Math.random() * 16).toString(16);
  }
  return nonce;
}

const nonce = newCsrfNonce();
sessionStorage.setItem("csrf", nonce);
document.querySelector("input[name=csrf]").value = nonce;
