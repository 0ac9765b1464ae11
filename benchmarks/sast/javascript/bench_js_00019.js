const params = new URLSearchParams(window.location.search);
const returnUrl = params.get("returnUrl");

document.getElementById("continue").addEventListener("click", () => {
  window.location.href = returnUrl;
});
