// Café Salam room client: no build step, one module.
// The server is the record: this client keeps what it has by seq, drops duplicates, asks for
// what it missed on a gap, resumes with ?after= on reconnect, and retries unsent messages with
// the same client_id (the server stores each client_id once).

const config = JSON.parse(document.getElementById("room-config").textContent);
const t = JSON.parse(document.getElementById("room-strings").textContent);
const $ = (id) => document.getElementById(id);

const list = $("messages");
const input = $("message-input");
const statusLine = $("connection-status");
const typingLine = $("typing");
const olderButton = $("load-older");

const state = {
  socket: null,
  byseq: new Map(), // seq -> <li>
  bodies: new Map(), // seq -> body as received (a moderator still sees a deleted one's body)
  highest: 0, // highest seq received
  contiguous: 0, // every seq up to here is known
  oldest: null,
  hasMore: true,
  paging: false, // a history request for older messages is on its way
  backlogThrough: 0, // last_seq of the latest hello: messages up to it are backlog, not live
  reconnectTimer: null,
  outbox: new Map(), // client_id -> {body, item}
  retries: 0,
  stop: false,
  role: config.role,
  unreadMarked: false,
  typers: new Map(),
  lastTypingSent: 0,
  readSent: config.lastReadSeq || 0,
};

function format(template, value) {
  return template.replace("%s", value);
}

function newClientId() {
  if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

// Bodies are plain text: build text nodes, and links only for http(s) URLs.
const URL_PATTERN = /(https?:\/\/[^\s<>"']+)/g;
function renderBody(target, body) {
  target.textContent = "";
  for (const part of body.split(URL_PATTERN)) {
    if (/^https?:\/\//.test(part)) {
      const link = document.createElement("a");
      link.href = part;
      link.textContent = part;
      link.rel = "noopener noreferrer nofollow";
      link.target = "_blank";
      target.append(link);
    } else if (part) {
      target.append(document.createTextNode(part));
    }
  }
}

function messageItem(message) {
  const item = document.createElement("li");
  item.className = "chat-message";
  item.dataset.seq = message.seq ?? "";
  item.dataset.author = message.author ? message.author.username : config.username;
  const header = document.createElement("p");
  header.className = "chat-meta";
  const who = document.createElement("strong");
  who.textContent = message.author ? message.author.display_name : config.username;
  header.append(who);
  if (message.sent_at) {
    const when = document.createElement("time");
    when.dateTime = message.sent_at;
    when.textContent = new Date(message.sent_at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    header.append(" ", when);
  }
  const body = document.createElement("p");
  body.className = "chat-body";
  body.dir = "auto";
  item.append(header, body);
  fillBody(item, message);
  if (message.seq) item.append(messageActions(message));
  return item;
}

function fillBody(item, message) {
  const body = item.querySelector(".chat-body");
  if (message.deleted) {
    item.classList.add("deleted");
    if (message.body && state.role === "moderator") {
      renderBody(body, message.body);
      const note = document.createElement("em");
      note.textContent = ` (${t.deleted})`;
      body.append(note);
    } else {
      body.textContent = t.deleted;
    }
  } else {
    renderBody(body, message.body);
  }
}

function messageActions(message) {
  const actions = document.createElement("span");
  actions.className = "chat-actions";
  if (message.author && message.author.username !== config.username) {
    actions.append(actionButton(t.report, () => {
      const reason = window.prompt(t.reportReason);
      if (reason !== null) send({ type: "report", seq: message.seq, reason });
    }));
    actions.append(actionButton(t.block, () => {
      if (!window.confirm(format(t.blockConfirm, message.author.display_name))) return;
      const form = document.getElementById("block-form");
      form.elements.username.value = message.author.username;
      form.submit();
    }));
  }
  if (state.role === "moderator") {
    actions.append(actionButton(t.delete, () => {
      const reason = window.prompt(t.deleteReason);
      if (reason !== null) send({ type: "moderate", action: "delete", seq: message.seq, reason });
    }));
    actions.append(actionButton(t.pin, () => send({ type: "moderate", action: "pin", seq: message.seq })));
  }
  return actions;
}

function actionButton(label, onClick) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "link-button";
  button.textContent = label;
  button.addEventListener("click", onClick);
  return button;
}

function placeInOrder(item, seq) {
  // Insert before the first known message with a larger seq; pending ones stay last.
  for (const other of list.querySelectorAll(".chat-message[data-seq]")) {
    const otherSeq = Number(other.dataset.seq);
    if (otherSeq && otherSeq > seq) {
      list.insertBefore(item, other.previousElementSibling?.classList.contains("unread-line") ? other.previousElementSibling : other);
      return;
    }
  }
  const firstPending = list.querySelector(".chat-message.pending");
  list.insertBefore(item, firstPending);
}

function receiveMessage(message) {
  if (state.byseq.has(message.seq)) {
    const known = state.byseq.get(message.seq);
    if (known && message.deleted) fillBody(known, message);
    settlePending(message);
    return;
  }
  if (message.hidden) {
    // Someone this person blocked: nothing to show, but the seq is known, so no gap remains.
    state.byseq.set(message.seq, null);
    noteSeq(message.seq);
    return;
  }
  const nearBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
  const item = messageItem(message);
  // The line marks what came while the person was away (before this page or this connection,
  // or with the page hidden), not each message that arrives while they watch.
  const unseen = message.seq <= state.backlogThrough || document.hidden;
  if (!state.unreadMarked && unseen && message.seq > state.readSent && message.author?.username !== config.username) {
    const line = document.createElement("li");
    line.className = "unread-line";
    line.setAttribute("role", "separator");
    line.textContent = t.unread;
    placeInOrder(line, message.seq - 0.5);
    state.unreadMarked = true;
  }
  placeInOrder(item, message.seq);
  state.byseq.set(message.seq, item);
  if (!message.deleted) state.bodies.set(message.seq, message.body);
  settlePending(message);
  noteSeq(message.seq);
  if (nearBottom) list.scrollTop = list.scrollHeight;
  markRead();
}

function noteSeq(seq) {
  if (state.oldest === null || seq < state.oldest) state.oldest = seq;
  olderButton.hidden = !(state.hasMore && state.oldest > 1);
  if (seq > state.highest) {
    if (state.highest && seq > state.highest + 1) askForGap(state.highest, seq);
    state.highest = seq;
  }
  while (state.byseq.has(state.contiguous + 1)) state.contiguous += 1;
}

function askForGap(from, to) {
  const missing = Math.min(100, to - from - 1);
  if (missing > 0) send({ type: "history", before: to, limit: missing });
}

function settlePending(message) {
  if (message.author?.username !== config.username) return;
  const pending = state.outbox.get(message.client_id);
  if (!pending) return;
  pending.item.remove();
  state.outbox.delete(message.client_id);
}

function markRead() {
  if (document.hidden || !state.socket || state.socket.readyState !== WebSocket.OPEN) return;
  if (state.highest > state.readSent) {
    state.readSent = state.highest;
    send({ type: "read", seq: state.highest });
  }
}

function showOnline(usernames) {
  const online = $("online");
  online.textContent = "";
  for (const name of usernames) {
    const item = document.createElement("li");
    item.textContent = name;
    online.append(item);
  }
}

function showRoom(room) {
  const stateLabel = $("room-state");
  stateLabel.className = `state state-${room.state}`;
  stateLabel.textContent = t[room.state] || room.state;
  const writable = room.state === "open" || (room.state === "locked" && state.role === "moderator");
  input.disabled = !writable;
  const pinned = $("pinned");
  if (room.pinned_seq) {
    const item = state.byseq.get(room.pinned_seq);
    $("pinned-body").textContent = item ? item.querySelector(".chat-body").textContent : `#${room.pinned_seq}`;
    pinned.hidden = false;
  } else {
    pinned.hidden = true;
  }
}

function showTyping(username) {
  clearTimeout(state.typers.get(username));
  state.typers.set(username, setTimeout(() => { state.typers.delete(username); renderTyping(); }, 4000));
  renderTyping();
}

function renderTyping() {
  const names = [...state.typers.keys()];
  typingLine.textContent = names.length === 0 ? "" : names.length === 1 ? format(t.typingOne, names[0]) : t.typingMany;
}

function showError(frame) {
  const pending = frame.client_id && state.outbox.get(frame.client_id);
  if (pending && frame.code !== "unavailable") {
    pending.item.classList.add("failed");
    pending.item.querySelector(".chat-meta").append(` (${t.failed}: ${frame.detail})`);
    state.outbox.delete(frame.client_id);
  }
  $("composer-error").textContent = frame.detail;
}

const handlers = {
  hello(frame) {
    state.role = frame.you.role;
    state.retries = 0;
    state.backlogThrough = frame.last_seq;
    statusLine.textContent = t.connected;
    showOnline(frame.online);
    showRoom(frame.room);
    for (const [clientId, pending] of state.outbox) {
      state.socket.send(JSON.stringify({ type: "message.send", body: pending.body, client_id: clientId }));
    }
  },
  message: receiveMessage,
  history(frame) {
    const before = list.scrollHeight;
    const oldest = state.oldest;
    for (const message of frame.messages) receiveMessage(message);
    // Answers to a gap request say nothing about what lies further back; a page back does.
    const pageBack = frame.messages.length ? frame.messages[0].seq < (oldest ?? Infinity) : state.paging;
    if (pageBack) {
      state.paging = false;
      state.hasMore = frame.has_more;
      olderButton.hidden = !(frame.has_more && state.oldest > 1);
      list.scrollTop += list.scrollHeight - before;
    }
  },
  presence(frame) { showOnline(frame.online); },
  typing(frame) { showTyping(frame.username); },
  error: showError,
  "room.updated"(frame) { showRoom(frame); },
  "message.deleted"(frame) {
    const item = state.byseq.get(frame.seq);
    if (item) fillBody(item, { deleted: true, body: state.bodies.get(frame.seq) ?? "" });
  },
  "report.received"() { $("composer-error").textContent = t.reported; },
  kicked() { statusLine.textContent = t.kicked; state.stop = true; },
  banned() { statusLine.textContent = t.banned; state.stop = true; },
  muted(frame) { $("composer-error").textContent = format(t.muted, new Date(frame.until).toLocaleString()); },
  unmuted() { $("composer-error").textContent = t.unmuted; },
};

function connect() {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const after = state.highest ? `?after=${state.contiguous || state.highest}` : "";
  const socket = new WebSocket(`${scheme}://${location.host}/ws/rooms/${config.slug}/${after}`);
  state.socket = socket;
  statusLine.textContent = state.retries ? t.reconnecting : t.connecting;
  socket.addEventListener("message", (event) => {
    const frame = JSON.parse(event.data);
    const handler = handlers[frame.type];
    if (handler) handler(frame);
  });
  socket.addEventListener("close", (event) => {
    if (state.socket !== socket) return;
    const final = {
      4401: t.signedOut,
      4403: state.stop ? statusLine.textContent : t.forbidden,
      4404: t.notFound,
      4429: t.tooManySockets, // reconnecting would be refused again: the person closes a tab first
    };
    if (final[event.code]) {
      statusLine.textContent = final[event.code];
      input.disabled = true;
      return;
    }
    state.retries += 1;
    state.paging = false; // an answer to it will not come on this socket
    statusLine.textContent = t.reconnecting;
    const delay = Math.min(30000, 500 * 2 ** Math.min(state.retries, 6)) * (0.5 + Math.random() / 2);
    state.reconnectTimer = setTimeout(reconnect, delay);
  });
}

function reconnect() {
  clearTimeout(state.reconnectTimer);
  state.reconnectTimer = null;
  connect();
}

function send(frame) {
  if (state.socket && state.socket.readyState === WebSocket.OPEN) {
    state.socket.send(JSON.stringify(frame));
    return true;
  }
  return false;
}

function submit() {
  const body = input.value;
  if (!body.trim()) return;
  const clientId = newClientId();
  const item = messageItem({ body, client_id: clientId });
  item.classList.add("pending");
  item.querySelector(".chat-meta").append(` (${t.sending})`);
  list.append(item);
  list.scrollTop = list.scrollHeight;
  state.outbox.set(clientId, { body, item });
  input.value = "";
  $("composer-error").textContent = "";
  send({ type: "message.send", body, client_id: clientId });
}

$("composer").addEventListener("submit", (event) => { event.preventDefault(); submit(); });
input.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    submit();
  } else if (Date.now() - state.lastTypingSent > 2000) {
    state.lastTypingSent = Date.now();
    send({ type: "typing" });
  }
});
function loadOlder() {
  if (state.paging || !state.hasMore || !(state.oldest > 1)) return;
  state.paging = send({ type: "history", before: state.oldest, limit: 50 });
}
list.addEventListener("scroll", () => { if (list.scrollTop === 0) loadOlder(); });
olderButton.addEventListener("click", loadOlder);
document.addEventListener("visibilitychange", markRead);
window.addEventListener("focus", markRead);
// Back online: try at once rather than when the backoff (up to 30 s) runs out.
window.addEventListener("online", () => { if (state.reconnectTimer !== null) reconnect(); });

connect();
