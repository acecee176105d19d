// Ask for a partner over the personal socket; go to the pair room as soon as one is found.
const t = JSON.parse(document.getElementById("pairing-strings").textContent);
const status = document.getElementById("pairing-status");
const requestButton = document.getElementById("pairing-request");
const cancelButton = document.getElementById("pairing-cancel");
let socket = null;

function waiting(on) {
  requestButton.hidden = on;
  cancelButton.hidden = !on;
  status.textContent = on ? t.waiting : "";
}

const handlers = {
  "pairing.waiting": () => waiting(true),
  "pairing.cancelled": () => waiting(false),
  "pairing.expired": () => { waiting(false); status.textContent = t.expired; },
  paired: (frame) => {
    const names = frame.partners.map((p) => p.display_name).join(", ");
    status.textContent = t.paired.replace("%s", names);
    window.location.assign(`/rooms/${encodeURIComponent(frame.room)}/`);
  },
  error: (frame) => { status.textContent = frame.detail; },
};

function connect(retries = 0) {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  socket = new WebSocket(`${scheme}://${location.host}/ws/me/`);
  socket.addEventListener("message", (event) => {
    const frame = JSON.parse(event.data);
    handlers[frame.type]?.(frame);
  });
  socket.addEventListener("close", (event) => {
    if (event.code === 4401) return;
    if (event.code === 4429) { status.textContent = t.tooManySockets; return; } // not in a loop
    setTimeout(() => connect(retries + 1), Math.min(30000, 1000 * 2 ** Math.min(retries, 5)));
  });
}

function sendOrSubmit(type, event) {
  if (socket && socket.readyState === WebSocket.OPEN) {
    event.preventDefault();
    socket.send(JSON.stringify({ type }));
  }
}

requestButton.addEventListener("click", (event) => sendOrSubmit("pairing.request", event));
cancelButton.addEventListener("click", (event) => sendOrSubmit("pairing.cancel", event));
connect();
