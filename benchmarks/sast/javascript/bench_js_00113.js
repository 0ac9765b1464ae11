function showSection() {
  const fragment = decodeURIComponent(window.location.hash.substring(1));
  const panel = document.getElementById("panel");
  panel.innerHTML = "<h2>" + fragment + "</h2>";
}

window.addEventListener("hashchange", showSection);
showSection();
