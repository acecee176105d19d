// The facilitator's console in a dialogue programme's session (rooms/PROTOCOL.md, "Console").
// room.js owns the socket: it hands every frame over as a "room:frame" event and sends what
// this module dispatches as "room:send". The server decides; this module shows the state and
// counts the turn down with the same rule the server applies (a turn's end starts the next).

const section = document.getElementById("console");
const $ = (id) => document.getElementById(id);
const t = Object.fromEntries([...document.querySelectorAll("#console-strings li")].map((li) => [li.dataset.key, li.textContent]));
const config = JSON.parse(document.getElementById("room-config").textContent);
const lang = document.documentElement.lang || undefined;
const fill = (template, values) => template.replace(/%\((\w+)\)s|%s/g, (whole, key) => String(key ? values[key] : values));

const run = { on: false, state: null, phases: [], facilitators: [], names: new Map(), timer: null };

function send(frame) {
  document.dispatchEvent(new CustomEvent("room:send", { detail: { type: "console", ...frame } }));
}

function nameOf(username) {
  return run.names.get(username) || username;
}

function left(ms) {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

// The go-round as it stands now: turns that have run out have moved on (console.py's tick).
function currentTurn(round, now) {
  let turn = round.turn;
  let startedAt = Date.parse(round.turn_started_at);
  while (turn < round.order.length && now >= startedAt + round.seconds * 1000) {
    turn += 1;
    startedAt += round.seconds * 1000;
  }
  return { turn, endsAt: startedAt + round.seconds * 1000, speaker: round.order[turn] };
}

function render() {
  if (!run.on) return;
  const state = run.state;
  const now = Date.now();
  const phase = run.phases[state.phase] || run.phases[0];
  $("console-phase").textContent = phase ? fill(t.phase, { number: new Intl.NumberFormat(lang).format(state.phase + 1), count: new Intl.NumberFormat(lang).format(run.phases.length), label: phase.label, minutes: new Intl.NumberFormat(lang).format(phase.minutes) }) : "";
  $("console-prompt").textContent = phase?.prompt || "";
  const facilitating = run.facilitators.includes(config.username);
  let line = $("console-agreements").hidden ? t.open : t.agreeFirst;
  let myTurn = false;
  let roundRunning = false;
  const reflectionEnds = state.reflection_until ? Date.parse(state.reflection_until) : 0;
  if (reflectionEnds > now) {
    line = fill(t.reflection, left(reflectionEnds - now));
  } else if (state.go_round) {
    const { turn, endsAt, speaker } = currentTurn(state.go_round, now);
    if (speaker === undefined) {
      line = t.roundOver;
    } else {
      roundRunning = true;
      myTurn = speaker === config.username;
      line = myTurn ? fill(t.yourTurn, { left: left(endsAt - now) }) : fill(t.speaker, { name: nameOf(speaker), left: left(endsAt - now) });
      const next = state.go_round.order[turn + 1];
      if (next) line += ` ${fill(t.nextUp, nameOf(next))}`;
    }
  } else if (state.floor) {
    line = state.floor === config.username ? t.yourFloor : fill(t.floor, nameOf(state.floor));
  }
  const now_ = $("console-now");
  if (now_.textContent !== line) now_.textContent = line;
  const queue = state.queue || [];
  $("console-queue").textContent = queue.length ? fill(t.hands, queue.map(nameOf).join(", ")) : "";
  const hand = $("console-hand");
  const raised = queue.includes(config.username);
  hand.textContent = raised ? t.lower : t.raise;
  hand.setAttribute("aria-pressed", String(raised));
  $("console-pass").hidden = !myTurn;
  $("console-member").hidden = facilitating;
  $("console-steer").hidden = !facilitating;
  // The steps that apply now, and only those.
  const reflecting = reflectionEnds > now;
  $("console-next-turn").hidden = !roundRunning;
  $("console-give-floor").hidden = queue.length === 0;
  $("console-open-floor").hidden = !(state.go_round || state.floor);
  $("console-reflect").hidden = reflecting;
  $("console-end-reflection").hidden = !reflecting;
  $("console-next-phase").hidden = state.phase + 1 >= run.phases.length;
}

function tick() {
  clearInterval(run.timer);
  run.timer = setInterval(render, 1000);
  render();
}

function showAgreements(texts, agreed) {
  const box = $("console-agreements");
  const list = $("console-agreement-list");
  list.textContent = "";
  for (const text of texts) {
    const item = document.createElement("li");
    item.dir = "auto";
    item.textContent = text;
    list.append(item);
  }
  box.hidden = agreed;
}

function start(frame) {
  const part = frame.console;
  if (!part) {
    run.on = false;
    section.hidden = true;
    return;
  }
  run.on = true;
  run.state = part.state;
  run.phases = part.phases;
  run.facilitators = part.facilitators;
  for (const person of frame.people || []) run.names.set(person.username, person.display_name);
  section.hidden = false;
  showAgreements(part.agreements, part.agreed || run.facilitators.includes(config.username));
  tick();
}

document.addEventListener("room:frame", (event) => {
  const frame = event.detail;
  if (frame.type === "hello") start(frame);
  else if (frame.type === "console.state" && run.on) {
    run.state = frame.console;
    $("console-error").textContent = "";
    tick();
  } else if (frame.type === "presence") {
    for (const person of frame.people || []) run.names.set(person.username, person.display_name);
    render();
  } else if (frame.type === "error" && run.on && frame.client_id?.startsWith("console-")) {
    $("console-error").textContent = frame.detail;
  }
});
document.addEventListener("room:closed", () => clearInterval(run.timer));

function step(action, extra = {}) {
  send({ action, client_id: `console-${Date.now()}`, ...extra });
}

$("console-agree").addEventListener("click", () => {
  step("agree");
  $("console-agreements").hidden = true;
  document.dispatchEvent(new CustomEvent("room:agreed"));
  $("message-input").focus();
});
$("console-hand").addEventListener("click", () => step((run.state.queue || []).includes(config.username) ? "lower_hand" : "raise_hand"));
$("console-pass").addEventListener("click", () => step("pass"));
$("console-next-phase").addEventListener("click", () => step("next_phase"));
$("console-go-round").addEventListener("click", () => step("go_round", {
  seconds: Number($("console-turn-seconds").value),
  order: $("console-shuffle").checked ? "shuffle" : "seat",
  hold: $("console-block").checked ? "block" : "hold",
}));
$("console-next-turn").addEventListener("click", () => step("next_turn"));
$("console-give-floor").addEventListener("click", () => step("give_floor", { hold: $("console-block").checked ? "block" : "hold" }));
$("console-open-floor").addEventListener("click", () => step("open_floor"));
$("console-reflect").addEventListener("click", () => step("reflect", { seconds: 60 }));
$("console-end-reflection").addEventListener("click", () => step("end_reflection"));
