// Ask for a partner over the personal socket; go to the pair room as soon as one is found.
// While waiting, say how many wait in one's pool, why none of them is a partner yet, and when
// the request ends (the `pairing.waiting` frame, sent again whenever the queue changes).
const t = JSON.parse(document.getElementById("pairing-strings").textContent);
const $ = (id) => document.getElementById(id);
const status = $("pairing-status");
const requestButton = $("pairing-request");
const cancelButton = $("pairing-cancel");
const box = $("pairing-wait");
const lang = document.documentElement.lang || undefined;

function waiting(on) {
  requestButton.hidden = on;
  cancelButton.hidden = !on;
  box.hidden = !on;
  status.textContent = on ? t.waiting : "";
  if (!on) $("pairing-reason").textContent = "";
}

function poolText(count) {
  if (!count) return t.poolNone;
  return count === 1 ? t.poolOne : t.poolMany.replace("%d", count.toLocaleString(lang));
}

function reasonText(frame) {
  if (!frame.reason) return "";
  if (frame.reason === "odd_one_out") return frame.others_paired ? t.wentFirst : t.soon;
  const reason = t[`reason_${frame.reason}`] || frame.reason;
  return (frame.others_paired ? t.othersPaired : t.because).replace("%(reason)s", reason);
}

function showWaiting(frame) {
  waiting(true);
  $("pairing-pool").textContent = poolText(frame.in_pool || 0);
  $("pairing-reason").textContent = reasonText(frame);
  if (frame.expires_at) {
    const until = $("pairing-expires");
    until.dateTime = frame.expires_at;
    until.textContent = new Date(frame.expires_at).toLocaleTimeString(lang, { hour: "2-digit", minute: "2-digit" });
    $("pairing-until").hidden = false;
  }
}

const handlers = {
  "pairing.waiting": showWaiting,
  "pairing.cancelled": () => waiting(false),
  "pairing.expired": () => { waiting(false); status.textContent = t.expired; },
  paired: (frame) => {
    const names = frame.partners.map((p) => p.display_name).join(", ");
    status.textContent = t.paired.replace("%s", names);
    window.location.assign(`/rooms/${encodeURIComponent(frame.room)}/`);
  },
  error: (frame) => { status.textContent = frame.detail; },
};

// The page's one personal socket is me.js's (base.html): its frames come as events.
function connected() { document.getElementById("pairing").dataset.connected = "true"; }
document.addEventListener("salam:me", (event) => {
  const frame = event.detail;
  if (frame.type === "hello") connected();
  handlers[frame.type]?.(frame);
});
document.addEventListener("salam:closed", (event) => {
  delete document.getElementById("pairing").dataset.connected;
  if (event.detail.code === 4429) status.textContent = t.tooManySockets;
});
if (document.documentElement.dataset.me === "connected") connected();

// Without a socket the buttons submit their forms, and the page answers.
function sendOrSubmit(type, event) {
  const sent = !document.dispatchEvent(new CustomEvent("salam:send", { detail: { type }, cancelable: true }));
  if (sent) event.preventDefault();
}

requestButton.addEventListener("click", (event) => sendOrSubmit("pairing.request", event));
cancelButton.addEventListener("click", (event) => sendOrSubmit("pairing.cancel", event));
