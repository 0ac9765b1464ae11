function renderProfile(profile) {
  const card = document.querySelector("#profile-card");
  card.insertAdjacentHTML("beforeend", `<span class="bio">${profile.bio}</span>`);
}

fetch("/api/profile?user=" + encodeURIComponent(location.hash.slice(1)))
  .then((r) => r.json())
  .then((data) => renderProfile({ bio: new URLSearchParams(location.search).get("bio") || data.bio }));
