const params = new URLSearchParams(window.location.search);
const next = new URL(params.get("next") || "/", window.location.origin);

if (next.origin === window.location.origin) {
  window.location.assign(next.href);
} else {
  window.location.assign("/");
}
