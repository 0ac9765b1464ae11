async function login(form) {
  const resp = await fetch("/api/login", { method: "POST", body: new FormData(form) });
  const { token } = await resp.json();
  document.cookie = "auth_token=" + token + "; path=/";
}

document.getElementById("login-form").addEventListener("submit", (e) => {
  e.preventDefault();
  login(e.target);
});
