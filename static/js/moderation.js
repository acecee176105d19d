// Moderation dashboard: on events from the moderators' socket, put the live part (reports,
// panels, audit log) in place, fetched as a fragment: debounced so that a burst of events
// costs one fetch, never while the moderator is typing in it, and without leaving the page.
// Report actions are sent in place too; their outcome is said in the status line.
const live = document.getElementById("moderation-live");
const status = document.getElementById("live-status");
const DEBOUNCE_MS = 400;
let retries = 0;
let timer = null;
let pending = false;
live.dataset.refreshes = "0";

function typingInLive() {
  const active = document.activeElement;
  return live.contains(active) && active.matches("input, select, textarea");
}

async function refresh() {
  if (typingInLive()) { pending = true; return; }
  pending = false;
  const url = `${live.dataset.liveUrl}${location.search}`;
  const response = await fetch(url, { headers: { "X-Requested-With": "fetch" } });
  if (!response.ok) return;
  const fragment = document.createElement("template");
  fragment.innerHTML = await response.text(); // our own server's escaped template output
  const focusedId = document.activeElement?.closest("[id]")?.id;
  live.replaceChildren(fragment.content);
  if (focusedId && live.querySelector(`#${CSS.escape(focusedId)}`)) {
    live.querySelector(`#${CSS.escape(focusedId)}`).focus?.();
  }
  live.dataset.refreshes = String(Number(live.dataset.refreshes) + 1);
}

function soon() {
  clearTimeout(timer);
  timer = setTimeout(refresh, DEBOUNCE_MS);
}

live.addEventListener("focusout", () => { if (pending) soon(); });

live.addEventListener("submit", async (event) => {
  const form = event.target.closest("form.report-actions");
  if (!form) return;
  event.preventDefault();
  const body = new FormData(form);
  if (event.submitter) body.set(event.submitter.name, event.submitter.value);
  // form.action would be the buttons named "action": read the attribute
  const response = await fetch(form.getAttribute("action"), { method: "POST", body, headers: { "X-Requested-With": "fetch" } });
  const outcome = await response.json().catch(() => ({ messages: [] }));
  status.textContent = outcome.messages.length ? outcome.messages.join(" ") : (outcome.ok ? status.dataset.done : "");
  soon();
});

function connect() {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const socket = new WebSocket(`${scheme}://${location.host}/ws/moderation/`);
  socket.addEventListener("message", (event) => {
    const frame = JSON.parse(event.data);
    if (frame.type === "hello") { retries = 0; status.textContent = ""; live.dataset.connected = "true"; return; }
    soon();
  });
  socket.addEventListener("close", (event) => {
    live.dataset.connected = "false";
    if (event.code === 4401 || event.code === 4403) return;
    if (event.code === 4429) { status.textContent = status.dataset.tooManySockets; return; }
    retries += 1;
    setTimeout(connect, Math.min(30000, 1000 * 2 ** Math.min(retries, 5)));
  });
}

connect();
