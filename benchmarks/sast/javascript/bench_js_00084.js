const action = decodeURIComponent(window.location.hash.slice(1));

if (action) {
  setTimeout("window.app." + action, 50);
}
