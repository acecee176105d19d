// The person's own socket (/ws/me/), once per page, for every page of a signed-in person.
//
// It keeps the header's notice bell right (live, in every tab: `notice` and `notices.read`
// come on `user.<id>` from every server process), opens the bell's panel, marks notices read,
// and shows a browser notification for matches and mentions while the tab is hidden, when the
// person asked for them ("Notify me in this browser").
//
// Other page scripts subscribe instead of opening a socket of their own:
//   import { onMe, sendMe } from "./me.js";
//   onMe("paired", (frame) => ...);          // or "*" for every frame
//   document.addEventListener("salam:notice", (event) => event.detail ...);
// Every frame is dispatched on `document` as `salam:<type>` (`salam:notice`,
// `salam:notices.read`, `salam:paired`, ...) and as `salam:me`; a close as `salam:closed`.
// Scripts loaded on their own (in production the files have hashed names, so an import of
// "./me.js" would be a second module with a second socket) use the events, and send with
//   const sent = !document.dispatchEvent(new CustomEvent("salam:send", { detail: frame, cancelable: true }));
// `document.documentElement.dataset.me` is "connected" while the socket is.

const OPT_IN_KEY = "salam.browserNotifications";
const listeners = new Map();
let socket = null;
let stopped = false;

export function onMe(type, handler) {
  if (!listeners.has(type)) listeners.set(type, new Set());
  listeners.get(type).add(handler);
  return () => listeners.get(type).delete(handler);
}

export function sendMe(frame) {
  if (socket && socket.readyState === WebSocket.OPEN) {
    socket.send(JSON.stringify(frame));
    return true;
  }
  return false;
}

function dispatch(frame) {
  for (const type of [frame.type, "*"]) {
    for (const handler of listeners.get(type) || []) {
      try { handler(frame); } catch (error) { console.error(error); }
    }
  }
  document.dispatchEvent(new CustomEvent(`salam:${frame.type}`, { detail: frame }));
  document.dispatchEvent(new CustomEvent("salam:me", { detail: frame }));
}

function connect(retries = 0) {
  if (stopped) return;
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  socket = new WebSocket(`${scheme}://${location.host}/ws/me/`);
  socket.addEventListener("open", () => { retries = 0; });
  socket.addEventListener("message", (event) => {
    let frame;
    try { frame = JSON.parse(event.data); } catch { return; }
    if (frame.type === "hello") {
      document.documentElement.dataset.me = "connected"; // for styles and tests
      resync(); // what changed while the socket was away
    }
    dispatch(frame);
  });
  socket.addEventListener("close", (event) => {
    delete document.documentElement.dataset.me;
    document.dispatchEvent(new CustomEvent("salam:closed", { detail: { code: event.code } }));
    // signed out, refused, or too many sockets: a retry would only bounce
    if ([4401, 4403, 4429].includes(event.code)) { stopped = true; return; }
    setTimeout(() => connect(retries + 1), Math.min(30000, 1000 * 2 ** Math.min(retries, 5)));
  });
}

// ---- the bell -------------------------------------------------------------------------------

const bell = document.querySelector("[data-notice-bell]");
const bellLink = bell?.querySelector("#notice-bell");
const panel = bell?.querySelector("[data-notice-panel]");
const browserKinds = new Set((bell?.dataset.browserKinds || "").split(" ").filter(Boolean));

function setCount(count) {
  if (!bell || typeof count !== "number" || count < 0) return;
  bell.dataset.unread = String(count);
  for (const badge of bell.querySelectorAll("[data-bell-count]")) {
    badge.textContent = String(count);
    badge.hidden = count === 0;
  }
  for (const label of bell.querySelectorAll("[data-bell-unread]")) label.hidden = count === 0;
}

async function resync() {
  if (!bell) return;
  try {
    const response = await fetch(bell.dataset.unreadUrl, { headers: { Accept: "application/json" } });
    if (response.ok) setCount((await response.json()).unread);
  } catch { /* offline: the next frame or visit puts it right */ }
}

function panelOpen() { return Boolean(panel && !panel.hidden); }

async function loadPanel() {
  const response = await fetch(bell.dataset.panelUrl, { headers: { Accept: "text/html" } });
  if (!response.ok) return;
  panel.innerHTML = await response.text(); // our own template, rendered by the server
  bindForms(panel);
  bindOptIns(panel);
}

function openPanel() {
  panel.hidden = false;
  bellLink.setAttribute("aria-expanded", "true");
  loadPanel();
}

function closePanel(focusBell = false) {
  panel.hidden = true;
  bellLink.setAttribute("aria-expanded", "false");
  if (focusBell) bellLink.focus();
}

if (bellLink && panel) {
  bellLink.addEventListener("click", (event) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey) return; // a new tab: the page
    event.preventDefault();
    if (panelOpen()) closePanel(); else openPanel();
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && panelOpen()) closePanel(true);
  });
  document.addEventListener("click", (event) => {
    if (panelOpen() && !bell.contains(event.target)) closePanel();
  });
}

function markShownRead(ids) {
  const selector = ids.length ? ids.map((id) => `[data-notice="${Number(id)}"]`).join(",") : "[data-notice]";
  for (const item of document.querySelectorAll(selector)) {
    item.classList.remove("unread");
    item.querySelector("[data-mark-read]")?.remove();
    item.querySelector(".notice-link .visually-hidden")?.remove();
  }
  if (!ids.length) for (const form of document.querySelectorAll("[data-mark-all-read]")) form.hidden = true;
}

function bindForms(root) {
  for (const form of root.querySelectorAll("form[data-mark-all-read], form[data-mark-read]")) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
      });
      if (!response.ok) { form.submit(); return; } // let the page say what went wrong
      setCount((await response.json()).unread);
      const item = form.closest("[data-notice]");
      markShownRead(form.matches("[data-mark-read]") && item ? [item.dataset.notice] : []);
    });
  }
}

function announce(text) {
  const live = bell?.querySelector("[data-bell-live]");
  if (!live) return;
  live.textContent = "";
  setTimeout(() => { live.textContent = `${bell.dataset.newLabel || ""} ${text}`.trim(); }, 50);
}

function prependToList(frame) {
  const list = document.querySelector("[data-notice-list]");
  if (!list) return;
  list.querySelector(".notice-empty")?.remove();
  const item = document.createElement("li");
  item.className = "notice-item unread";
  item.dataset.notice = String(frame.id);
  const link = document.createElement("a");
  link.className = "notice-link";
  link.href = `/notices/${Number(frame.id)}/open/`;
  link.textContent = frame.title;
  item.append(link);
  if (frame.body) {
    const body = document.createElement("p");
    body.className = "notice-body";
    body.textContent = frame.body;
    item.append(body);
  }
  list.prepend(item);
}

// ---- browser notifications ------------------------------------------------------------------

function optedIn() {
  return "Notification" in window && Notification.permission === "granted"
    && localStorage.getItem(OPT_IN_KEY) === "on";
}

function showOptInState(root) {
  const state = !("Notification" in window) ? null
    : Notification.permission === "denied" ? "denied"
    : optedIn() ? "on" : "off";
  for (const block of root.querySelectorAll("[data-browser-optin]")) {
    block.hidden = state === null;
    block.dataset.state = state || "unsupported";
    for (const line of block.querySelectorAll("[data-optin-state]")) line.hidden = line.dataset.optinState !== state;
    const button = block.querySelector("[data-browser-optin-button]");
    if (button) button.hidden = state !== "off";
  }
}

function bindOptIns(root) {
  for (const button of root.querySelectorAll("[data-browser-optin-button]")) {
    button.addEventListener("click", async () => {
      // asked only now, after the person's click
      const permission = await Notification.requestPermission();
      if (permission === "granted") localStorage.setItem(OPT_IN_KEY, "on");
      showOptInState(document);
    });
  }
  for (const button of root.querySelectorAll("[data-browser-optout-button]")) {
    button.addEventListener("click", () => {
      localStorage.removeItem(OPT_IN_KEY);
      showOptInState(document);
    });
  }
  showOptInState(root);
}

function browserNotify(frame) {
  if (!optedIn() || document.visibilityState !== "hidden" || !browserKinds.has(frame.kind)) return;
  const shown = new Notification(frame.title, {
    body: frame.body || "",
    tag: `notice-${frame.id}`,
    icon: bell?.dataset.icon || undefined,
  });
  shown.addEventListener("click", () => {
    window.focus();
    location.assign(`/notices/${Number(frame.id)}/open/`);
  });
}

// ---- wiring ---------------------------------------------------------------------------------

onMe("notice", (frame) => {
  if (typeof frame.unread === "number") setCount(frame.unread);
  else setCount(Number(bell?.dataset.unread || 0) + 1);
  announce(frame.title);
  prependToList(frame);
  if (panelOpen()) loadPanel();
  browserNotify(frame);
});

onMe("notices.read", (frame) => {
  setCount(frame.unread);
  markShownRead(frame.ids || []);
  if (panelOpen()) loadPanel();
});

document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "visible") resync();
});

document.addEventListener("salam:send", (event) => {
  if (sendMe(event.detail)) event.preventDefault(); // sent: the caller need not fall back
});

if (bell) bell.dataset.unread = bell.querySelector("[data-bell-count]")?.textContent.trim() || "0";
bindForms(document);
bindOptIns(document);
connect();
