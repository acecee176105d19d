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

function connect(retries = 0) {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const socket = new WebSocket(`${scheme}://${location.host}/ws/me/`);
  socket.addEventListener("message", (event) => {
    const frame = JSON.parse(event.data);
    if (frame.type === "hello") round.dataset.connected = "true";
    if (frame.type === "paired" && String(frame.round) === round.dataset.round) showMatch(frame);
  });
  socket.addEventListener("close", (event) => {
    if (event.code === 4401 || event.code === 4429) return;
    setTimeout(() => connect(retries + 1), Math.min(30000, 1000 * 2 ** Math.min(retries, 5)));
  });
}

if (round.dataset.signedUp === "true" && box.hidden) connect();
