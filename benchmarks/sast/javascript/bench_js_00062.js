const message = decodeURIComponent(window.location.hash.slice(1));

setTimeout(function showLater(text) {
  document.getElementById("toast").textContent = text;
}, 50, message);
