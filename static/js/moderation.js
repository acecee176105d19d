// Moderation dashboard: on every event from the moderators' socket, refresh the live parts.
const live = document.getElementById("moderation-live");
const status = document.getElementById("live-status");
let retries = 0;

async function refresh() {
  const response = await fetch(location.href, { headers: { "X-Requested-With": "fetch" } });
  if (!response.ok) return;
  const page = new DOMParser().parseFromString(await response.text(), "text/html");
  const fresh = page.getElementById("moderation-live");
  if (fresh) live.replaceChildren(...fresh.childNodes);
}

function connect() {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const socket = new WebSocket(`${scheme}://${location.host}/ws/moderation/`);
  socket.addEventListener("message", (event) => {
    const frame = JSON.parse(event.data);
    if (frame.type === "hello") { retries = 0; status.textContent = ""; return; }
    refresh();
  });
  socket.addEventListener("close", (event) => {
    if (event.code === 4401 || event.code === 4403) return;
    if (event.code === 4429) { status.textContent = status.dataset.tooManySockets; return; }
    retries += 1;
    setTimeout(connect, Math.min(30000, 1000 * 2 ** Math.min(retries, 5)));
  });
}

connect();
