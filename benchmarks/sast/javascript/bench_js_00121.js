function findLinks() {
  const title = decodeURIComponent(location.hash.slice(1));
  const result = document.evaluate(
    "//a[@title='" + title + "']",
    document,
    null,
    XPathResult.ORDERED_NODE_SNAPSHOT_TYPE,
    null
  );
  document.getElementById("count").textContent = String(result.snapshotLength);
}

window.addEventListener("hashchange", findLinks);
