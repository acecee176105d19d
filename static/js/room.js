// Café Salam room client: no build step, one module.
// The server is the record: this client keeps what it has by seq, drops duplicates, asks for
// what it missed on a gap, resumes with ?after=<seq>&changes=<change> on reconnect (the
// changes: edits, deletions, reactions), and retries unsent messages with the same client_id
// (the server stores each client_id once).

import { avatarElement } from "./avatar.js";

const config = JSON.parse(document.getElementById("room-config").textContent);
const t = JSON.parse(document.getElementById("room-strings").textContent);
const $ = (id) => document.getElementById(id);

const list = $("messages");
const input = $("message-input");
const statusLine = $("connection-status");
const typingLine = $("typing");
const olderButton = $("load-older");
const lang = document.documentElement.lang || undefined;

const PING_EVERY_MS = 20000;
const PONG_WITHIN_MS = 10000;

const state = {
  socket: null,
  byseq: new Map(), // seq -> <li>
  messages: new Map(), // seq -> the message as last known
  bodies: new Map(), // seq -> body as received (a moderator still sees a deleted one's body)
  highest: 0, // highest seq received
  contiguous: 0, // every seq up to here is known
  oldest: null,
  hasMore: true,
  paging: false, // a history request for older messages is on its way
  backlogThrough: 0, // last_seq of the latest hello: messages up to it are backlog, not live
  changeMark: 0, // every change up to here is applied (the resume point for changes)
  changesSeen: new Set(), // changes above the mark, received out of order
  reconnectTimer: null,
  outbox: new Map(), // client_id -> {body, item, replyTo}
  retries: 0,
  stop: false,
  role: config.role,
  unreadMarked: false,
  typers: new Map(),
  lastTypingSent: 0,
  readSent: config.lastReadSeq || 0,
  readAtEntry: config.lastReadSeq || 0,
  hellos: 0,
  room: null,
  mutedUntil: null,
  muteReason: "",
  replyTo: null, // {seq, name, excerpt}
  editing: null, // seq being edited
  newCount: 0,
  pingTimer: null,
  pongTimer: null,
  reactionEmoji: [],
  editWindowMs: 15 * 60 * 1000,
  afterHistory: [], // callbacks waiting for older messages (jumps)
  activeItem: null, // the message whose menu button is the log's tab stop
};

// ---- words and dates ----------------------------------------------------------------------

function format(template, values) {
  if (typeof values !== "object") return template.replace("%s", values);
  return template.replace(/%\((\w+)\)s/g, (_, key) => values[key] ?? "");
}

// In the viewer's zone (their profile's, else the browser's); the full date names the zone.
const zone = config.timeZone ? { timeZone: config.timeZone } : {};
const timeFormat = new Intl.DateTimeFormat(lang, { hour: "numeric", minute: "2-digit", ...zone });
// (dateStyle and timeStyle may not be combined with timeZoneName: the fields are named.)
const fullFormat = new Intl.DateTimeFormat(lang, {
  weekday: "long", year: "numeric", month: "long", day: "numeric",
  hour: "numeric", minute: "2-digit", timeZoneName: "short", ...zone,
});
const dayFormat = new Intl.DateTimeFormat(lang, { weekday: "long", day: "numeric", month: "long", year: "numeric" });
const relative = new Intl.RelativeTimeFormat(lang, { numeric: "auto" });

function dayKey(date) {
  return `${date.getFullYear()}-${date.getMonth()}-${date.getDate()}`;
}

function dayLabel(date) {
  const today = new Date();
  const yesterday = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 1);
  if (dayKey(date) === dayKey(today)) return t.today;
  if (dayKey(date) === dayKey(yesterday)) return t.yesterday;
  return dayFormat.format(date);
}

function inTime(until) {
  const minutes = Math.max(1, Math.round((until - Date.now()) / 60000));
  if (minutes < 90) return relative.format(minutes, "minute");
  const hours = Math.round(minutes / 60);
  if (hours < 36) return relative.format(hours, "hour");
  return relative.format(Math.round(hours / 24), "day");
}

function duration(minutes) {
  const unit = (value, name) => new Intl.NumberFormat(lang, { style: "unit", unit: name, unitDisplay: "long" }).format(value);
  if (minutes % 1440 === 0) return unit(minutes / 1440, "day");
  if (minutes % 60 === 0) return unit(minutes / 60, "hour");
  return unit(minutes, "minute");
}

const dayTimeFormat = new Intl.DateTimeFormat(lang, { weekday: "long", hour: "numeric", minute: "2-digit" });
const dateTimeFormat = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" });

function mutedText(until) {
  const days = (until - Date.now()) / 86400000;
  const when = dayKey(until) === dayKey(new Date()) ? timeFormat : days < 6 ? dayTimeFormat : dateTimeFormat;
  return format(t.mutedUntil, { time: when.format(until), relative: inTime(until) });
}

function newClientId() {
  if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

// ---- messages -----------------------------------------------------------------------------

// Bodies are plain text: build text nodes, links only for http(s) URLs, and @mentions marked.
const TOKENS = /(https?:\/\/[^\s<>"']+|(?<![\w@])@[\w.+-]+)/g;
function renderBody(target, body) {
  target.textContent = "";
  for (const part of body.split(TOKENS)) {
    if (/^https?:\/\//.test(part)) {
      const link = document.createElement("a");
      link.href = part;
      link.textContent = part;
      link.rel = "noopener noreferrer nofollow";
      link.target = "_blank";
      link.tabIndex = -1; // one tab stop per message: its menu
      target.append(link);
    } else if (/^@[\w.+-]+$/.test(part)) {
      const mention = document.createElement("span");
      mention.className = "mention";
      if (part.slice(1).replace(/\.$/, "") === config.username) mention.classList.add("mention-me");
      mention.textContent = part;
      target.append(mention);
    } else if (part) {
      target.append(document.createTextNode(part));
    }
  }
}

function authorName(message) {
  return message.author ? message.author.display_name : config.displayName || config.username;
}

function messageItem(message) {
  const item = document.createElement("li");
  item.className = "chat-message";
  item.dataset.seq = message.seq ?? "";
  item.dataset.author = message.author ? message.author.username : config.username;
  if (message.seq) item.id = `m${message.seq}`;
  const header = document.createElement("p");
  header.className = "chat-meta";
  const who = document.createElement("strong");
  who.textContent = authorName(message);
  header.append(who);
  const sent = message.sent_at ? new Date(message.sent_at) : new Date();
  item.dataset.day = dayKey(sent);
  item.dataset.sentAt = sent.toISOString();
  const when = document.createElement("time");
  when.dateTime = sent.toISOString();
  when.textContent = timeFormat.format(sent);
  when.title = fullFormat.format(sent);
  const full = document.createElement("span");
  full.className = "full-date";
  full.textContent = fullFormat.format(sent);
  header.append(" ", when, " ", full);
  const edited = document.createElement("span");
  edited.className = "edited";
  header.append(edited);
  const note = document.createElement("span");
  note.className = "send-note";
  header.append(note);
  item.append(header);
  if (message.reply_to) item.append(quoteOf(message.reply_to));
  const body = document.createElement("p");
  body.className = "chat-body";
  body.dir = "auto";
  const reactions = document.createElement("div");
  reactions.className = "reactions";
  item.append(body, reactions);
  fillBody(item, message);
  if (message.seq) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "menu-button";
    button.setAttribute("aria-haspopup", "menu");
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-label", format(t.actionsFor, { name: authorName(message), time: fullFormat.format(sent) }));
    button.textContent = "⋯";
    button.tabIndex = -1;
    button.addEventListener("click", () => openMenu(item, button));
    item.append(button);
  }
  return item;
}

function quoteOf(reply) {
  const quote = document.createElement("button");
  quote.type = "button";
  quote.className = "quote";
  quote.tabIndex = -1; // reached by the menu's "Go to the message answered"
  quote.dir = "auto";
  const who = document.createElement("strong");
  who.textContent = reply.author.display_name;
  quote.append(who, ": ", reply.excerpt || t.deleted);
  quote.setAttribute("aria-label", format(t.replyTo, { name: reply.author.display_name }));
  quote.addEventListener("click", () => jumpTo(reply.seq));
  return quote;
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
    renderReactions(item, []);
  } else {
    renderBody(body, message.body);
    if (message.reactions) renderReactions(item, message.reactions);
  }
  const edited = item.querySelector(".edited");
  if (edited) edited.textContent = message.edited_at && !message.deleted ? ` (${t.edited})` : "";
}

function renderReactions(item, reactions) {
  const box = item.querySelector(".reactions");
  if (!box) return;
  box.textContent = "";
  const seq = Number(item.dataset.seq);
  for (const reaction of reactions) {
    const chip = document.createElement("button");
    chip.type = "button";
    chip.className = "reaction";
    chip.tabIndex = -1; // reached by the menu's emoji
    const mine = reaction.people.some((p) => p.username === config.username);
    chip.setAttribute("aria-pressed", String(mine));
    const names = reaction.people.map((p) => p.display_name).join(", ");
    chip.title = names;
    chip.setAttribute("aria-label", format(t.reactedWith, { emoji: reaction.emoji, count: reaction.count, names }));
    chip.textContent = `${reaction.emoji} ${new Intl.NumberFormat(lang).format(reaction.count)}`;
    chip.addEventListener("click", () => send({ type: mine ? "reaction.remove" : "reaction.add", seq, emoji: reaction.emoji }));
    box.append(chip);
  }
  const known = state.messages.get(seq);
  if (known) known.reactions = reactions;
}

function placeInOrder(item, seq) {
  // Insert before the first known message with a larger seq; pending ones stay last.
  for (const other of list.querySelectorAll(".chat-message[data-seq]")) {
    const otherSeq = Number(other.dataset.seq);
    if (otherSeq && otherSeq > seq) {
      let before = other;
      while (before.previousElementSibling && before.previousElementSibling.matches(".unread-line, .day-separator")) {
        before = before.previousElementSibling;
      }
      list.insertBefore(item, before);
      return;
    }
  }
  const firstPending = list.querySelector(".chat-message.pending");
  list.insertBefore(item, firstPending);
}

// Day separators: before the first message of each day (and above its unread line).
function renderSeparators() {
  for (const old of list.querySelectorAll(".day-separator")) old.remove();
  let previous = null;
  for (const item of list.querySelectorAll(".chat-message")) {
    const day = item.dataset.day;
    if (day && day !== previous) {
      const line = document.createElement("li");
      line.className = "day-separator";
      const label = document.createElement("span");
      label.textContent = dayLabel(new Date(item.dataset.sentAt));
      line.append(label);
      const before = item.previousElementSibling?.classList.contains("unread-line") ? item.previousElementSibling : item;
      list.insertBefore(line, before);
    }
    previous = day;
  }
}

function nearBottom() {
  return list.scrollHeight - list.scrollTop - list.clientHeight < 80;
}

function receiveMessage(message, { live = false } = {}) {
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
  const atBottom = nearBottom();
  const item = messageItem(message);
  // The line marks what came while the person was away (before this page or this connection,
  // or with the page hidden), not each message that arrives while they watch.
  const unseen = message.seq <= state.backlogThrough || document.hidden;
  if (!state.unreadMarked && unseen && message.seq > state.readSent && message.author?.username !== config.username) {
    placeUnreadLine(message.seq);
  }
  placeInOrder(item, message.seq);
  state.byseq.set(message.seq, item);
  state.messages.set(message.seq, message);
  if (!message.deleted) state.bodies.set(message.seq, message.body);
  settlePending(message);
  noteSeq(message.seq);
  renderSeparators();
  if (!state.activeItem) setActive(item);
  if (atBottom) {
    list.scrollTop = list.scrollHeight;
  } else if (live && message.author?.username !== config.username && message.seq > state.backlogThrough) {
    state.newCount += 1;
    showNewPill();
  }
  markRead();
}

function placeUnreadLine(seq) {
  for (const old of list.querySelectorAll(".unread-line")) old.remove();
  const line = document.createElement("li");
  line.className = "unread-line";
  line.id = "unread-line";
  line.textContent = t.unread;
  const item = state.byseq.get(seq);
  if (item) list.insertBefore(line, item);
  else placeInOrder(line, seq - 0.5);
  state.unreadMarked = true;
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
  if (state.highest > state.readSent && nearBottom()) {
    state.readSent = state.highest;
    send({ type: "read", seq: state.highest });
  }
}

// ---- changes: edits, deletions, reactions --------------------------------------------------

function noteChange(change) {
  if (!change || change <= state.changeMark) return false;
  state.changesSeen.add(change);
  while (state.changesSeen.has(state.changeMark + 1)) {
    state.changeMark += 1;
    state.changesSeen.delete(state.changeMark);
  }
  return true;
}

function applyEdit(frame) {
  noteChange(frame.change);
  const item = state.byseq.get(frame.seq);
  const known = state.messages.get(frame.seq);
  if (!item || !known || frame.hidden) return;
  if ((known.change || 0) >= frame.change) return;
  Object.assign(known, { body: frame.body, edited_at: frame.edited_at, change: frame.change });
  state.bodies.set(frame.seq, frame.body);
  fillBody(item, known);
  if (state.room && state.room.pinned_seq === frame.seq) $("pinned-body").textContent = frame.body;
}

function applyDeletion(frame) {
  noteChange(frame.change);
  const item = state.byseq.get(frame.seq);
  const known = state.messages.get(frame.seq);
  if (known) Object.assign(known, { deleted: true, reactions: [] });
  if (item) fillBody(item, { deleted: true, body: state.bodies.get(frame.seq) ?? "" });
}

function applyReactions(frame) {
  noteChange(frame.change);
  const item = state.byseq.get(frame.seq);
  const known = state.messages.get(frame.seq);
  if (!item || !known || known.deleted) return;
  if ((known.reactionChange || 0) >= frame.change) return;
  known.reactionChange = frame.change;
  renderReactions(item, frame.reactions);
}

// ---- the room and the person ----------------------------------------------------------------

// Display names (a server that sends none: usernames); a name two people share gets the username.
function showOnline(usernames, people) {
  const online = $("online");
  online.textContent = "";
  const list = people && people.length ? people : usernames.map((username) => ({ username, display_name: username }));
  const counts = new Map();
  for (const person of list) counts.set(person.display_name, (counts.get(person.display_name) || 0) + 1);
  for (const person of list) {
    const item = document.createElement("li");
    const label = counts.get(person.display_name) > 1 ? `${person.display_name} (@${person.username})` : person.display_name;
    if (state.role === "moderator" && person.username !== config.username) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "link-button person-button";
      button.textContent = label;
      button.title = `@${person.username}`;
      button.setAttribute("aria-haspopup", "menu");
      button.setAttribute("aria-expanded", "false");
      button.addEventListener("click", () => openPersonMenu(button, person));
      item.append(avatarElement(person.username, person.display_name), button);
    } else {
      item.append(avatarElement(person.username, person.display_name), document.createTextNode(label));
      item.title = `@${person.username}`;
    }
    online.append(item);
  }
}

function showRoom(room) {
  state.room = { ...(state.room || {}), ...room };
  const stateLabel = $("room-state");
  stateLabel.className = `state state-${room.state}`;
  stateLabel.textContent = t[room.state] || room.state;
  const pinned = $("pinned");
  if (room.pinned_seq) {
    let text = room.pinned ? room.pinned.body : null;
    const item = state.byseq.get(room.pinned_seq);
    if (text === null && item) text = item.querySelector(".chat-body").textContent;
    if (text !== null || pinned.hidden || pinned.dataset.seq !== String(room.pinned_seq)) {
      $("pinned-body").textContent = text ?? `#${room.pinned_seq}`;
    }
    pinned.dataset.seq = room.pinned_seq;
    pinned.hidden = false;
  } else {
    pinned.hidden = true;
  }
  updateComposer();
}

function mayWriteReason() {
  const room = state.room;
  if (!room) return "";
  if (room.state === "archived") return t.archivedReason;
  if (state.role === "moderator") return "";
  if (room.state === "locked") return t.lockedReason;
  if (state.mutedUntil && state.mutedUntil > Date.now()) return mutedText(state.mutedUntil);
  return "";
}

function updateComposer() {
  const reason = mayWriteReason();
  input.disabled = Boolean(reason);
  $("send-button").disabled = Boolean(reason);
  $("composer-reason").textContent = reason;
  $("composer-reason").hidden = !reason;
  const slow = state.room?.slow_mode_seconds;
  $("slow-mode").textContent = slow && state.role !== "moderator" ? format(t.slowMode, slow) : "";
  const banner = $("you-banner");
  if (state.mutedUntil && state.mutedUntil > Date.now()) {
    banner.textContent = `${mutedText(state.mutedUntil)}${state.muteReason ? ` ${format(t.reasonIs, state.muteReason)}` : ""}`;
    banner.hidden = false;
    clearTimeout(state.muteTimer);
    state.muteTimer = setTimeout(updateComposer, Math.min(30000, state.mutedUntil - Date.now() + 500));
  } else if (state.mutedUntil) {
    state.mutedUntil = null;
    banner.textContent = t.unmuted;
  }
}

function showTyping(username, displayName) {
  clearTimeout(state.typers.get(username)?.timer);
  const timer = setTimeout(() => { state.typers.delete(username); renderTyping(); }, 4000);
  state.typers.set(username, { timer, name: displayName || username });
  renderTyping();
}

function renderTyping() {
  const names = [...state.typers.values()].map((typer) => typer.name);
  typingLine.textContent = names.length === 0 ? "" : names.length === 1 ? format(t.typingOne, names[0]) : t.typingMany;
}

function refusalText(frame) {
  if (frame.code === "muted" && frame.until) return mutedText(new Date(frame.until));
  if (frame.code === "locked") return t.lockedReason;
  return frame.detail;
}

function showError(frame) {
  if (/^(call|console)-/.test(String(frame.client_id || ""))) return; // they show their own
  const pending = frame.client_id && state.outbox.get(frame.client_id);
  const text = refusalText(frame);
  if (frame.code === "muted" && frame.until) {
    state.mutedUntil = new Date(frame.until);
    updateComposer();
  }
  if (pending && frame.code === "held") {
    hold(frame.client_id, pending, frame.retry_after, text);
    return;
  }
  if (pending && frame.code !== "unavailable") {
    pending.refusedFor = frame.code;
    refuse(frame.client_id, pending, text);
    return;
  }
  $("composer-error").textContent = text;
}

// A refused message keeps its text, with why, and Retry and Edit.
function refuse(clientId, pending, text) {
  const { item } = pending;
  item.classList.remove("pending");
  item.classList.add("failed");
  const note = item.querySelector(".send-note");
  note.textContent = ` (${t.failed}: ${text})`;
  let actions = item.querySelector(".refused-actions");
  if (!actions) {
    actions = document.createElement("div");
    actions.className = "refused-actions inline-actions";
    const retry = plainButton(t.retry, () => {
      item.classList.remove("failed");
      item.classList.add("pending");
      actions.remove();
      note.textContent = ` (${isOnline() ? t.sending : t.waiting})`;
      send({ type: "message.send", body: pending.body, client_id: clientId, ...(pending.replyTo ? { reply_to: pending.replyTo } : {}) });
    });
    const edit = plainButton(t.edit, () => {
      state.outbox.delete(clientId);
      item.remove();
      input.value = pending.body;
      input.focus();
    });
    actions.append(retry, edit);
    item.append(actions);
  }
  $("composer-error").textContent = text;
}

function resend(clientId, pending) {
  clearTimeout(pending.heldTimer);
  pending.heldTimer = null;
  pending.refusedFor = null;
  pending.item.classList.remove("failed", "held");
  pending.item.classList.add("pending");
  pending.item.querySelector(".refused-actions")?.remove();
  pending.item.querySelector(".send-note").textContent = ` (${isOnline() ? t.sending : t.waiting})`;
  send({ type: "message.send", body: pending.body, client_id: clientId, ...(pending.replyTo ? { reply_to: pending.replyTo } : {}) });
}

// Kept until the turn ends (a facilitated go-round): sent again then, or at the console's
// next change, with the same client_id; the server posts it once the person may write.
function hold(clientId, pending, retryAfter, text) {
  const { item } = pending;
  item.classList.remove("pending");
  item.classList.add("held");
  item.querySelector(".send-note").textContent = ` (${text})`;
  clearTimeout(pending.heldTimer);
  pending.heldTimer = retryAfter ? setTimeout(() => resend(clientId, pending), retryAfter * 1000) : null;
  pending.held = true;
}

function resendWhere(test) {
  for (const [clientId, pending] of state.outbox) if (test(pending)) resend(clientId, pending);
}
document.addEventListener("room:agreed", () => resendWhere((p) => p.refusedFor === "agreements"));

function plainButton(label, onClick, className = "secondary") {
  const button = document.createElement("button");
  button.type = "button";
  button.className = className;
  button.textContent = label;
  button.addEventListener("click", onClick);
  return button;
}

function showFeedback(text) {
  const line = $("moderation-feedback");
  line.textContent = text;
  line.hidden = false;
}

function moderatedText(frame) {
  const name = frame.display_name || frame.username || "";
  const room = state.room?.title || config.title;
  const words = {
    mute: () => format(t.didMute, { name, duration: duration(frame.minutes) }),
    unmute: () => format(t.didUnmute, { name }),
    kick: () => format(t.didKick, { name, room }),
    ban: () => format(t.didBan, { name, room }),
    unban: () => format(t.didUnban, { name }),
    delete: () => t.didDelete,
    pin: () => t.didPin,
  };
  return (words[frame.action] || (() => t.done))();
}

const handlers = {
  hello(frame) {
    const first = state.hellos === 0;
    state.hellos += 1;
    state.role = frame.you.role;
    state.retries = 0;
    state.backlogThrough = frame.last_seq;
    if (frame.last_change !== undefined) {
      state.changeMark = Math.max(state.changeMark, frame.last_change);
      state.changesSeen.clear();
    }
    state.reactionEmoji = frame.reaction_emoji || [];
    if (frame.edit_window_seconds !== undefined) state.editWindowMs = frame.edit_window_seconds * 1000;
    state.mutedUntil = frame.you.muted_until ? new Date(frame.you.muted_until) : null;
    state.muteReason = frame.you.mute_reason || "";
    statusLine.textContent = t.connected;
    statusLine.dataset.state = "connected";
    showOnline(frame.online, frame.people);
    showRoom({ ...frame.room, pinned: frame.pinned });
    for (const [clientId, pending] of state.outbox) {
      if (pending.item.classList.contains("failed")) continue;
      pending.item.querySelector(".send-note").textContent = ` (${t.sending})`;
      state.socket.send(JSON.stringify({ type: "message.send", body: pending.body, client_id: clientId, ...(pending.replyTo ? { reply_to: pending.replyTo } : {}) }));
    }
    startHeartbeat();
    if (first) setTimeout(checkUnreadAbove, 0);
  },
  message(frame) { receiveMessage(frame, { live: true }); },
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
      const waiting = state.afterHistory;
      state.afterHistory = [];
      for (const callback of waiting) callback();
    }
  },
  presence(frame) { showOnline(frame.online, frame.people); },
  typing(frame) { showTyping(frame.username, frame.display_name); },
  error: showError,
  pong() { clearTimeout(state.pongTimer); state.pongTimer = null; },
  "room.updated"(frame) { showRoom(frame); },
  "message.deleted": applyDeletion,
  "message.edited": applyEdit,
  reactions: applyReactions,
  members(frame) { showSuggestions(frame); },
  "message.versions"(frame) { showVersions(frame); },
  moderated(frame) { showFeedback(moderatedText(frame)); },
  "console.state"() { resendWhere((p) => p.item.classList.contains("held")); },
  "report.received"() { $("composer-error").textContent = t.reported; },
  kicked(frame) { statusLine.textContent = frame.reason ? `${t.kicked} ${format(t.reasonIs, frame.reason)}` : t.kicked; state.stop = true; },
  banned(frame) { statusLine.textContent = frame.reason ? `${t.banned} ${format(t.reasonIs, frame.reason)}` : t.banned; state.stop = true; },
  muted(frame) {
    state.mutedUntil = new Date(frame.until);
    state.muteReason = frame.reason || "";
    updateComposer();
  },
  unmuted() {
    state.mutedUntil = null;
    state.muteReason = "";
    $("you-banner").textContent = t.unmuted;
    updateComposer();
  },
};

// ---- the connection -------------------------------------------------------------------------

function isOnline() {
  return navigator.onLine !== false && state.socket && state.socket.readyState === WebSocket.OPEN;
}

function showOffline() {
  statusLine.textContent = t.offline;
  statusLine.dataset.state = "offline";
  for (const pending of state.outbox.values()) {
    if (!pending.item.classList.contains("failed")) pending.item.querySelector(".send-note").textContent = ` (${t.waiting})`;
  }
}

function startHeartbeat() {
  clearInterval(state.pingTimer);
  state.pingTimer = setInterval(() => {
    if (!send({ type: "ping" })) return;
    clearTimeout(state.pongTimer);
    state.pongTimer = setTimeout(() => {
      // No answer: the network is gone even if the socket does not know yet.
      showOffline();
      const socket = state.socket;
      if (socket) socket.close();
    }, PONG_WITHIN_MS);
  }, PING_EVERY_MS);
}

function connect() {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  let after = "";
  if (state.highest) {
    after = `?after=${state.contiguous || state.highest}`;
    if (state.hellos) after += `&changes=${state.changeMark}`;
  }
  const socket = new WebSocket(`${scheme}://${location.host}/ws/rooms/${config.slug}/${after}`);
  state.socket = socket;
  if (navigator.onLine === false) showOffline();
  else statusLine.textContent = state.retries ? t.reconnecting : t.connecting;
  socket.addEventListener("message", (event) => {
    const frame = JSON.parse(event.data);
    const handler = handlers[frame.type];
    if (handler) handler(frame);
    document.dispatchEvent(new CustomEvent("room:frame", { detail: frame })); // calls (call.js)
  });
  socket.addEventListener("close", (event) => {
    if (state.socket !== socket) return;
    document.dispatchEvent(new CustomEvent("room:closed", { detail: { code: event.code } }));
    clearInterval(state.pingTimer);
    clearTimeout(state.pongTimer);
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
    if (navigator.onLine === false || statusLine.dataset.state === "offline") showOffline();
    else statusLine.textContent = t.reconnecting;
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

// ---- the composer -----------------------------------------------------------------------------

function submit() {
  const body = input.value;
  if (!body.trim()) return;
  if (state.editing) {
    send({ type: "message.edit", seq: state.editing, body });
    endCompose();
    input.value = "";
    return;
  }
  const clientId = newClientId();
  const replyTo = state.replyTo ? state.replyTo.seq : null;
  const item = messageItem({ body, client_id: clientId, reply_to: state.replyTo ? { seq: replyTo, author: { display_name: state.replyTo.name }, excerpt: state.replyTo.excerpt } : undefined });
  item.classList.add("pending");
  list.append(item);
  list.scrollTop = list.scrollHeight;
  state.outbox.set(clientId, { body, item, replyTo });
  input.value = "";
  $("composer-error").textContent = "";
  const frame = { type: "message.send", body, client_id: clientId };
  if (replyTo) frame.reply_to = replyTo;
  const sent = navigator.onLine !== false && send(frame);
  item.querySelector(".send-note").textContent = ` (${sent ? t.sending : t.waiting})`;
  endCompose();
}

function startCompose(kind, seq) {
  const message = state.messages.get(seq);
  if (!message) return;
  const bar = $("compose-context");
  const text = $("compose-context-text");
  if (kind === "reply") {
    state.editing = null;
    state.replyTo = { seq, name: authorName(message), excerpt: (message.body || "").slice(0, 140) };
    text.textContent = format(t.replyingTo, { name: authorName(message) });
  } else {
    state.replyTo = null;
    state.editing = seq;
    text.textContent = t.editing;
    input.value = message.body;
  }
  bar.hidden = false;
  input.focus();
}

function endCompose() {
  state.replyTo = null;
  state.editing = null;
  $("compose-context").hidden = true;
}

$("compose-cancel").addEventListener("click", () => {
  if (state.editing) input.value = "";
  endCompose();
  input.focus();
});

$("composer").addEventListener("submit", (event) => { event.preventDefault(); submit(); });
input.addEventListener("keydown", (event) => {
  if (suggestionKeys(event)) return;
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    submit();
  } else if (event.key === "Escape" && (state.editing || state.replyTo)) {
    if (state.editing) input.value = "";
    endCompose();
  } else if (Date.now() - state.lastTypingSent > 2000) {
    state.lastTypingSent = Date.now();
    send({ type: "typing" });
  }
});

// ---- @mention completion (the combobox pattern) --------------------------------------------------

const suggestions = $("mention-suggestions");
let suggestTimer = null;
let suggestIndex = -1;

function mentionPrefix() {
  const before = input.value.slice(0, input.selectionStart);
  const match = before.match(/(?:^|\s)@([\w.+-]*)$/);
  return match ? match[1] : null;
}

input.addEventListener("input", () => {
  const prefix = mentionPrefix();
  clearTimeout(suggestTimer);
  if (prefix === null) { closeSuggestions(); return; }
  suggestTimer = setTimeout(() => send({ type: "members", prefix }), 150);
});

function showSuggestions(frame) {
  if (mentionPrefix() !== frame.prefix) return;
  suggestions.textContent = "";
  const people = frame.people.filter((p) => p.username !== config.username);
  if (!people.length) { closeSuggestions(); return; }
  people.forEach((person, index) => {
    const option = document.createElement("li");
    option.id = `mention-${index}`;
    option.setAttribute("role", "option");
    option.dataset.username = person.username;
    option.textContent = `${person.display_name} (@${person.username})`;
    option.addEventListener("mousedown", (event) => { event.preventDefault(); complete(person.username); });
    suggestions.append(option);
  });
  suggestions.hidden = false;
  highlight(0);
}

function highlight(index) {
  const options = [...suggestions.children];
  suggestIndex = (index + options.length) % options.length;
  options.forEach((option, i) => option.setAttribute("aria-selected", String(i === suggestIndex)));
  input.setAttribute("aria-activedescendant", options[suggestIndex].id);
}

function closeSuggestions() {
  suggestions.hidden = true;
  suggestions.textContent = "";
  suggestIndex = -1;
  input.removeAttribute("aria-activedescendant");
}

function complete(username) {
  const caret = input.selectionStart;
  const before = input.value.slice(0, caret).replace(/@([\w.+-]*)$/, `@${username} `);
  input.value = before + input.value.slice(caret);
  input.setSelectionRange(before.length, before.length);
  closeSuggestions();
  input.focus();
}

function suggestionKeys(event) {
  if (suggestions.hidden) return false;
  const options = [...suggestions.children];
  if (event.key === "ArrowDown" || event.key === "ArrowUp") {
    event.preventDefault();
    highlight(suggestIndex + (event.key === "ArrowDown" ? 1 : -1));
    return true;
  }
  if ((event.key === "Enter" || event.key === "Tab") && options[suggestIndex]) {
    event.preventDefault();
    complete(options[suggestIndex].dataset.username);
    return true;
  }
  if (event.key === "Escape") {
    event.preventDefault();
    closeSuggestions();
    return true;
  }
  return false;
}

// ---- the message menu (the menu button pattern; one tab stop per message) ----------------------

const menu = document.createElement("div");
menu.className = "message-menu";
menu.setAttribute("role", "menu");
menu.hidden = true;
let menuButton = null;

function setActive(item) {
  const button = item?.querySelector(".menu-button");
  if (!button) return;
  if (state.activeItem && state.activeItem !== item) {
    const old = state.activeItem.querySelector(".menu-button");
    if (old) old.tabIndex = -1;
  }
  state.activeItem = item;
  button.tabIndex = 0;
}

// Up and Down move between messages (the log's one tab stop moves with them).
list.addEventListener("keydown", (event) => {
  if (!["ArrowUp", "ArrowDown", "Home", "End"].includes(event.key)) return;
  if (!event.target.classList.contains("menu-button")) return;
  const items = [...list.querySelectorAll(".chat-message[data-seq]:not(.pending)")].filter((i) => i.dataset.seq);
  const index = items.indexOf(event.target.closest(".chat-message"));
  const next = { ArrowUp: index - 1, ArrowDown: index + 1, Home: 0, End: items.length - 1 }[event.key];
  if (items[next]) {
    event.preventDefault();
    setActive(items[next]);
    items[next].querySelector(".menu-button").focus();
    items[next].scrollIntoView({ block: "nearest" });
  }
});
list.addEventListener("focusin", (event) => {
  if (event.target.classList.contains("menu-button")) setActive(event.target.closest(".chat-message"));
});

function menuItem(label, onChoose, className = "") {
  const item = document.createElement("button");
  item.type = "button";
  item.setAttribute("role", "menuitem");
  item.tabIndex = -1;
  item.className = className;
  item.textContent = label;
  item.addEventListener("click", () => { closeMenu(false); onChoose(); });
  return item;
}

function openMenuWith(button, entries) {
  closeMenu(false);
  menu.textContent = "";
  for (const entry of entries) menu.append(entry);
  button.after(menu);
  menu.hidden = false;
  placeMenu(button);
  menuButton = button;
  button.setAttribute("aria-expanded", "true");
  const first = menu.querySelector("[role=menuitem]");
  if (first) first.focus();
}

// Fixed to the viewport, beside its button, so that the log's scrolling box never cuts it.
function placeMenu(button) {
  const rect = button.getBoundingClientRect();
  const width = menu.offsetWidth;
  const height = menu.offsetHeight;
  const rtl = getComputedStyle(button).direction === "rtl";
  let left = rtl ? rect.left : rect.right - width;
  left = Math.max(8, Math.min(left, window.innerWidth - width - 8));
  let top = rect.bottom + 4;
  if (top + height > window.innerHeight - 8) top = Math.max(8, rect.top - height - 4);
  menu.style.left = `${left}px`;
  menu.style.top = `${top}px`;
}

function openMenu(item, button) {
  if (menuButton === button) { closeMenu(true); return; }
  const seq = Number(item.dataset.seq);
  const message = state.messages.get(seq);
  if (!message) return;
  const own = message.author?.username === config.username;
  const moderator = state.role === "moderator";
  const entries = [];
  if (!message.deleted) {
    entries.push(menuItem(t.reply, () => startCompose("reply", seq)));
    const row = document.createElement("div");
    row.className = "menu-emoji";
    row.setAttribute("role", "group");
    row.setAttribute("aria-label", t.react);
    for (const emoji of state.reactionEmoji) {
      const mine = (message.reactions || []).some((r) => r.emoji === emoji && r.people.some((p) => p.username === config.username));
      const choice = menuItem(emoji, () => send({ type: mine ? "reaction.remove" : "reaction.add", seq, emoji }), "emoji");
      choice.setAttribute("aria-label", format(mine ? t.unreactWith : t.reactWith, emoji));
      row.append(choice);
    }
    entries.push(row);
  }
  if (message.reply_to) entries.push(menuItem(t.goToOriginal, () => jumpTo(message.reply_to.seq)));
  if (own && !message.deleted) {
    if (Date.now() - new Date(message.sent_at) < state.editWindowMs) {
      entries.push(menuItem(t.edit, () => startCompose("edit", seq)));
    }
    entries.push(menuItem(t.delete, () => confirmAction({
      title: t.deleteOwnTitle, confirm: t.delete,
      onConfirm: () => send({ type: "message.delete", seq }),
    }), "danger"));
  }
  if (!own && message.author) {
    entries.push(menuItem(t.report, () => confirmAction({
      title: format(t.reportTitle, { name: authorName(message) }), confirm: t.report, reason: t.reportReason, destructive: false,
      onConfirm: ({ reason }) => send({ type: "report", seq, reason }),
    })));
    entries.push(menuItem(t.block, () => confirmAction({
      title: format(t.blockConfirm, authorName(message)), confirm: t.block,
      onConfirm: () => {
        const form = document.getElementById("block-form");
        form.elements.username.value = message.author.username;
        form.submit();
      },
    })));
  }
  if (moderator) {
    if (!own && !message.deleted) {
      entries.push(menuItem(t.delete, () => confirmAction({
        title: format(t.deleteTitle, { name: authorName(message) }), confirm: t.delete, reason: t.deleteReason,
        onConfirm: ({ reason }) => send({ type: "moderate", action: "delete", seq, reason }),
      }), "danger"));
    }
    if (!message.deleted) entries.push(menuItem(t.pin, () => send({ type: "moderate", action: "pin", seq })));
    if (message.edited_at || message.deleted) entries.push(menuItem(t.history, () => send({ type: "message.versions", seq })));
    if (!own && message.author) entries.push(...personActions(message.author));
  }
  openMenuWith(button, entries);
}

function personActions(person) {
  const name = person.display_name;
  const room = state.room?.title || config.title;
  return [
    menuItem(format(t.muteAuthor, name), () => confirmAction({
      title: format(t.muteTitle, { name, room }), confirm: t.mute, reason: t.reasonLabel, durations: true,
      onConfirm: ({ reason, minutes }) => send({ type: "moderate", action: "mute", username: person.username, minutes, reason }),
    }), "danger"),
    menuItem(format(t.kickAuthor, name), () => confirmAction({
      title: format(t.kickTitle, { name, room }), confirm: t.kick, reason: t.reasonLabel,
      onConfirm: ({ reason }) => send({ type: "moderate", action: "kick", username: person.username, reason }),
    }), "danger"),
    menuItem(format(t.banAuthor, name), () => confirmAction({
      title: format(t.banTitle, { name, room }), confirm: t.ban, reason: t.reasonLabel,
      onConfirm: ({ reason }) => send({ type: "moderate", action: "ban", username: person.username, reason }),
    }), "danger"),
  ];
}

function openPersonMenu(button, person) {
  if (menuButton === button) { closeMenu(true); return; }
  openMenuWith(button, personActions(person));
}

function closeMenu(returnFocus) {
  if (!menuButton) return;
  menu.hidden = true;
  menuButton.setAttribute("aria-expanded", "false");
  const button = menuButton;
  menuButton = null;
  if (returnFocus) button.focus();
}

menu.addEventListener("keydown", (event) => {
  const items = [...menu.querySelectorAll("[role=menuitem]")];
  const index = items.indexOf(document.activeElement);
  const moves = { ArrowDown: index + 1, ArrowRight: index + 1, ArrowUp: index - 1, ArrowLeft: index - 1, Home: 0, End: items.length - 1 };
  if (event.key in moves) {
    event.preventDefault();
    event.stopPropagation();
    items[(moves[event.key] + items.length) % items.length].focus();
  } else if (event.key === "Escape") {
    event.preventDefault();
    event.stopPropagation();
    closeMenu(true);
  } else if (event.key === "Tab") {
    closeMenu(false);
  }
});
document.addEventListener("click", (event) => {
  if (menuButton && !menu.contains(event.target) && event.target !== menuButton) closeMenu(false);
});

// ---- dialogs: confirmations (destructive ones red), edit history --------------------------------

const dialog = $("room-dialog");
let onDialogConfirm = null;

function confirmAction({ title, confirm, reason = null, durations = false, destructive = true, onConfirm }) {
  const opener = document.activeElement instanceof HTMLElement && document.activeElement.isConnected ? document.activeElement : menuButton;
  $("dialog-title").textContent = title;
  $("dialog-durations").hidden = !durations;
  $("dialog-reason-field").hidden = reason === null;
  $("dialog-reason-label").textContent = reason || "";
  $("dialog-reason").value = "";
  $("dialog-versions").hidden = true;
  $("dialog-custom").value = "";
  const checked = dialog.querySelector("input[name=duration][value='60']");
  if (checked) checked.checked = true;
  const ok = $("dialog-confirm");
  ok.textContent = confirm;
  ok.hidden = false;
  ok.className = destructive ? "danger" : "";
  $("dialog-cancel").textContent = t.cancel;
  onDialogConfirm = onConfirm;
  dialog.returnFocus = opener;
  dialog.showModal();
  (durations ? dialog.querySelector("input[name=duration]:checked") : reason !== null ? $("dialog-reason") : $("dialog-cancel")).focus();
}

function chosenMinutes() {
  const choice = dialog.querySelector("input[name=duration]:checked");
  if (!choice) return 60;
  if (choice.value === "custom") return Math.max(1, Math.min(43200, Number($("dialog-custom").value) || 0));
  return Number(choice.value);
}

$("dialog-custom").addEventListener("input", () => { dialog.querySelector("input[name=duration][value=custom]").checked = true; });
$("dialog-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const action = onDialogConfirm;
  if (action) {
    if (!$("dialog-durations").hidden && dialog.querySelector("input[value=custom]").checked && !(Number($("dialog-custom").value) >= 1)) {
      $("dialog-custom").focus();
      return;
    }
    action({ reason: $("dialog-reason").value.trim(), minutes: chosenMinutes() });
  }
  dialog.close();
});
$("dialog-cancel").addEventListener("click", () => dialog.close());
dialog.addEventListener("close", () => {
  onDialogConfirm = null;
  const back = dialog.returnFocus;
  if (back && back.isConnected) back.focus();
  else input.focus();
});

function showVersions(frame) {
  $("dialog-title").textContent = t.history;
  $("dialog-durations").hidden = true;
  $("dialog-reason-field").hidden = true;
  const listing = $("dialog-versions");
  listing.textContent = "";
  for (const version of frame.versions) {
    const entry = document.createElement("li");
    const when = document.createElement("time");
    when.dateTime = version.at;
    when.textContent = fullFormat.format(new Date(version.at));
    const body = document.createElement("p");
    body.dir = "auto";
    body.textContent = version.body;
    entry.append(when, body);
    listing.append(entry);
  }
  if (frame.deleted) {
    const entry = document.createElement("li");
    entry.textContent = t.deleted;
    listing.append(entry);
  }
  listing.hidden = false;
  $("dialog-confirm").hidden = true;
  $("dialog-cancel").textContent = t.close;
  onDialogConfirm = null;
  dialog.returnFocus = document.activeElement;
  dialog.showModal();
  $("dialog-cancel").focus();
}

// ---- jumping: to a replied message, to the first unread ------------------------------------------

function loadOlder(then) {
  if (then) state.afterHistory.push(then);
  if (state.paging || !state.hasMore || !(state.oldest > 1)) {
    if (!state.paging) { const waiting = state.afterHistory; state.afterHistory = []; for (const callback of waiting) callback(); }
    return;
  }
  state.paging = send({ type: "history", before: state.oldest, limit: 100 });
}

function loadUntil(seq, then) {
  if (state.oldest !== null && state.oldest <= seq) { then(); return; }
  if (!state.hasMore) { then(); return; }
  loadOlder(() => loadUntil(seq, then));
}

function jumpTo(seq) {
  loadUntil(seq, () => {
    const item = state.byseq.get(seq);
    if (!item) return;
    item.scrollIntoView({ block: "center" });
    item.classList.add("flash");
    setTimeout(() => item.classList.remove("flash"), 2000);
    setActive(item);
    item.querySelector(".menu-button")?.focus();
  });
}

function checkUnreadAbove() {
  // The first unread message is older than the page: offer to go there.
  const firstUnread = state.readAtEntry + 1;
  if (state.readAtEntry > 0 && state.oldest !== null && state.oldest > firstUnread && state.highest >= firstUnread) {
    for (const old of list.querySelectorAll(".unread-line")) old.remove();
    $("jump-unread").hidden = false;
  }
}

$("jump-unread").addEventListener("click", () => {
  const firstUnread = state.readAtEntry + 1;
  $("jump-unread").hidden = true;
  loadUntil(firstUnread, () => {
    const seqs = [...state.byseq.keys()].filter((s) => s >= firstUnread && state.byseq.get(s)).sort((a, b) => a - b);
    if (!seqs.length) return;
    placeUnreadLine(seqs[0]);
    renderSeparators();
    $("unread-line").scrollIntoView({ block: "start" });
    setActive(state.byseq.get(seqs[0]));
    state.byseq.get(seqs[0]).querySelector(".menu-button")?.focus();
  });
});

// ---- new messages while scrolled up ------------------------------------------------------------

const pill = $("new-messages");
function showNewPill() {
  pill.textContent = format(t.newMessages, new Intl.NumberFormat(lang).format(state.newCount));
  pill.hidden = false;
}
pill.addEventListener("click", () => {
  list.scrollTop = list.scrollHeight;
  input.focus();
});
list.addEventListener("scroll", () => {
  if (menuButton && list.contains(menuButton)) placeMenu(menuButton);
  if (list.scrollTop === 0) loadOlder();
  if (nearBottom()) {
    state.newCount = 0;
    pill.hidden = true;
    markRead();
  }
});
olderButton.addEventListener("click", () => loadOlder());
document.addEventListener("visibilitychange", markRead);
window.addEventListener("focus", markRead);
// Offline: say so at once, and let the reconnect wait for the network.
window.addEventListener("offline", () => {
  showOffline();
  const socket = state.socket;
  if (socket && socket.readyState <= WebSocket.OPEN) socket.close();
});
// Back online: try at once rather than when the backoff (up to 30 s) runs out.
window.addEventListener("online", () => {
  statusLine.dataset.state = "";
  statusLine.textContent = t.reconnecting;
  if (state.reconnectTimer !== null) reconnect();
});

// The call (call.js) signals through this socket.
document.addEventListener("room:send", (event) => send(event.detail));

input.focus();
connect();
