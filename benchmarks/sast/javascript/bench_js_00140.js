function showTitle() {
  const fragment = decodeURIComponent(window.location.hash.substring(1));
  const heading = document.getElementById("title");
  heading.textContent = fragment;
}

window.addEventListener("hashchange", showTitle);
showTitle();
