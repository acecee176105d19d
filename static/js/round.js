// A round's page: as soon as the round starts, the person signed up sees their match and a
// link to their room (the `paired` frame on /ws/me/ names its round), without reloading.
const round = document.getElementById("round");
const box = document.getElementById("my-match");

function showMatch(frame) {
  document.getElementById("my-match-names").textContent =
    frame.partners.map((p) => p.display_name).join(", ");
  document.getElementById("my-match-link").href = `/rooms/${encodeURIComponent(frame.room)}/`;
  box.hidden = false;
  document.getElementById("round-wait")?.remove();
}

// The page's one personal socket is me.js's (base.html): its frames come as events.
if (round.dataset.signedUp === "true" && box.hidden) {
  if (document.documentElement.dataset.me === "connected") round.dataset.connected = "true";
  document.addEventListener("salam:hello", () => { round.dataset.connected = "true"; });
  document.addEventListener("salam:paired", (event) => {
    if (String(event.detail.round) === round.dataset.round) showMatch(event.detail);
  });
}
