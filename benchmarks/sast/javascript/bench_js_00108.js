function countHeadings() {
  const param = location.hash.slice(1);
  const level = 4 * 4 > 100 ? param : "h2";
  const result = document.evaluate("//" + level, document, null, XPathResult.ORDERED_NODE_SNAPSHOT_TYPE, null);
  document.getElementById("count").textContent = String(result.snapshotLength);
}

countHeadings();
