function loadSettings(xmlText) {
  const doc = new DOMParser().parseFromString(xmlText, "application/xml");
  return doc.querySelector("theme")?.textContent;
}

const input = document.getElementById("settings-file");
input.addEventListener("change", async () => {
  const text = await input.files[0].text();
  document.getElementById("theme").textContent = loadSettings(text) || "default";
});
