// Café Salam calls: a WebRTC mesh in pair and small group rooms, signalled over the room socket
// (rooms/PROTOCOL.md, "Calls"). No build step. room.js owns the socket: it hands every frame
// over as a "room:frame" event and sends what this module dispatches as "room:send".
// Nothing leaves the browser before the person chooses: the camera and microphone are off until
// they turn them on, the preview is local, and call.join is sent only when they press Join.

const section = document.getElementById("call");
const $ = (id) => document.getElementById(id);
const t = Object.fromEntries([...document.querySelectorAll("#call-strings li")].map((li) => [li.dataset.key, li.textContent]));
const config = JSON.parse(document.getElementById("room-config").textContent);
const format = (template, value) => template.replace("%s", value);

const SPEAKING_LEVEL = 0.02; // RMS of the signal, 0..1, above which a person counts as speaking
const FAILED_GRACE_MS = 5000; // "disconnected" this long counts as failed

const call = {
  available: false,
  inCall: false,
  joining: false,
  iceServers: [],
  relayOnly: false,
  local: null, // the MediaStream of the camera and microphone, when on
  audioOn: false,
  videoOn: false,
  participants: [], // as the server last said
  peers: new Map(), // username -> {pc, stream, tile, initiator, pending: [], restarted}
  role: config.role,
  audioContext: null,
  meters: new Map(), // username ("" for oneself) -> analyser
  meterTimer: null,
};

function send(frame) {
  document.dispatchEvent(new CustomEvent("room:send", { detail: { ...frame, client_id: `call-${Date.now()}` } }));
}

function say(text) { $("call-status").textContent = text; }
function complain(text) { $("call-error").textContent = text; }

// ---- the camera and the microphone -----------------------------------------------------------

async function ensureTracks({ audio, video }) {
  // Ask only for what is wanted and not already on; keep one stream of both.
  const want = { audio: audio && !liveTrack("audio"), video: video && !liveTrack("video") };
  if (!want.audio && !want.video) return true;
  try {
    const got = await navigator.mediaDevices.getUserMedia({
      audio: want.audio ? { echoCancellation: true, noiseSuppression: true } : false,
      video: want.video ? { width: { ideal: 640 }, height: { ideal: 360 }, frameRate: { ideal: 24 } } : false,
    });
    if (!call.local) call.local = new MediaStream();
    for (const track of got.getTracks()) call.local.addTrack(track);
    complain("");
    return true;
  } catch (error) {
    complain(error && error.name === "NotFoundError" ? t.noDevice : t.refused);
    return false;
  }
}

function liveTrack(kind) {
  if (!call.local) return null;
  return call.local.getTracks().find((track) => track.kind === kind && track.readyState === "live") || null;
}

function dropTrack(kind) {
  const track = liveTrack(kind);
  if (track) {
    track.stop();
    call.local.removeTrack(track);
  }
}

function showPreview() {
  const preview = $("call-preview");
  const video = liveTrack("video");
  preview.srcObject = video ? new MediaStream([video]) : null;
  $("call-preview-off").hidden = Boolean(video);
  const cameraButton = $("call-setup-camera");
  cameraButton.setAttribute("aria-pressed", String(call.videoOn));
  cameraButton.textContent = call.videoOn ? t.cameraOn : t.cameraOff;
  const micButton = $("call-setup-mic");
  micButton.setAttribute("aria-pressed", String(call.audioOn));
  micButton.textContent = call.audioOn ? t.setupMicOn : t.setupMicOff;
}

async function toggleSetup(kind) {
  const on = kind === "video" ? call.videoOn : call.audioOn;
  if (on) {
    dropTrack(kind);
  } else if (!(await ensureTracks({ audio: kind === "audio", video: kind === "video" }))) {
    return;
  }
  if (kind === "video") call.videoOn = !on; else call.audioOn = !on;
  showPreview();
}

// ---- joining and leaving ---------------------------------------------------------------------

async function join(audioOnly) {
  if (call.inCall || call.joining) return;
  if (audioOnly && call.videoOn) { dropTrack("video"); call.videoOn = false; showPreview(); }
  call.joining = true;
  call.relayOnly = $("call-relay").checked;
  say(t.joining);
  send({ type: "call.join", audio: call.audioOn, video: call.videoOn });
}

function joined(frame) {
  call.joining = false;
  call.inCall = true;
  call.iceServers = frame.ice_servers;
  $("call-setup").hidden = true;
  $("call-live").hidden = false;
  say(t.joined);
  ensureTile("", t.you);
  showOwnControls();
  meter("", call.local);
  // The newcomer calls everyone already there; they answer.
  for (const person of frame.participants) {
    if (person.username !== config.username) connectTo(person.username, true);
  }
  showParticipants(frame.participants);
  $("call-mic").focus();
}

function leave(message) {
  if (call.inCall) send({ type: "call.leave" });
  endCall(message || t.left);
}

function endCall(message) {
  call.inCall = false;
  call.joining = false;
  for (const username of [...call.peers.keys()]) closePeer(username);
  for (const track of call.local ? call.local.getTracks() : []) track.stop();
  call.local = null;
  call.audioOn = call.videoOn = false;
  for (const tile of [...$("call-tiles").children]) tile.remove();
  call.meters.clear();
  $("call-live").hidden = true;
  $("call-setup").hidden = false;
  showPreview();
  reflow();
  say(message);
  $("call-join").focus();
}

// ---- media while in the call ------------------------------------------------------------------

async function setMedia(kind, on) {
  if (on && !(await ensureTracks({ audio: kind === "audio", video: kind === "video" }))) return;
  if (!on && kind === "video") dropTrack("video");
  const track = liveTrack(kind);
  if (kind === "audio" && track) track.enabled = on;
  if (kind === "audio") call.audioOn = on; else call.videoOn = on;
  // replaceTrack(null) sends nothing at all: a muted microphone is silence on the wire.
  for (const peer of call.peers.values()) {
    const transceiver = transceiverOf(peer.pc, kind);
    if (transceiver) await transceiver.sender.replaceTrack(on ? track : null);
  }
  if (kind === "video") {
    const own = tileOf("");
    if (own) own.querySelector("video").srcObject = liveTrack("video") ? new MediaStream([liveTrack("video")]) : null;
  }
  if (kind === "audio") meter("", call.local);
  showOwnControls();
  send({ type: "call.media", audio: call.audioOn, video: call.videoOn });
}

function showOwnControls() {
  const mic = $("call-mic");
  mic.setAttribute("aria-pressed", String(!call.audioOn));
  mic.textContent = call.audioOn ? t.micOn : t.micOff;
  const camera = $("call-camera");
  camera.setAttribute("aria-pressed", String(!call.videoOn));
  camera.textContent = call.videoOn ? t.cameraOn : t.cameraOff;
  showTileState("", { audio: call.audioOn, video: call.videoOn });
}

// ---- peers ------------------------------------------------------------------------------------

function transceiverOf(pc, kind) {
  return pc.getTransceivers().find((tr) => (tr.receiver.track && tr.receiver.track.kind) === kind);
}

function peerConfiguration() {
  return { iceServers: call.iceServers, iceTransportPolicy: call.relayOnly ? "relay" : "all" };
}

function connectTo(username, initiator) {
  const existing = call.peers.get(username);
  if (existing) return existing;
  const pc = new RTCPeerConnection(peerConfiguration());
  const stream = new MediaStream();
  const peer = { pc, stream, initiator, pending: [], restarted: false, failTimer: null };
  call.peers.set(username, peer);
  const tile = ensureTile(username, displayName(username));
  const video = tile.querySelector("video");
  video.srcObject = stream;
  if (initiator) {
    for (const kind of ["audio", "video"]) {
      const track = kind === "audio" ? (call.audioOn ? liveTrack("audio") : null) : (call.videoOn ? liveTrack("video") : null);
      pc.addTransceiver(track || kind, { direction: "sendrecv" });
    }
  }
  pc.addEventListener("track", (event) => {
    stream.addTrack(event.track);
    video.play().catch(() => {});
    if (event.track.kind === "audio") meter(username, stream);
  });
  pc.addEventListener("icecandidate", (event) => {
    if (event.candidate) send({ type: "call.signal", to: username, data: { candidate: event.candidate.toJSON() } });
  });
  pc.addEventListener("negotiationneeded", async () => {
    if (!peer.initiator || peer.offered) return;
    peer.offered = true;
    await offer(username, peer, false);
  });
  pc.addEventListener("connectionstatechange", () => watchConnection(username, peer));
  say(format(t.connecting, displayName(username)));
  return peer;
}

async function offer(username, peer, iceRestart) {
  const description = await peer.pc.createOffer(iceRestart ? { iceRestart: true } : undefined);
  await peer.pc.setLocalDescription(description);
  send({ type: "call.signal", to: username, data: { description: peer.pc.localDescription.toJSON() } });
}

async function received(frame) {
  const username = frame.from;
  const data = frame.data || {};
  if (!call.inCall) return;
  if (data.description) {
    const peer = connectTo(username, false);
    const description = data.description;
    if (description.type === "offer") {
      await peer.pc.setRemoteDescription(description);
      for (const kind of ["audio", "video"]) {
        const transceiver = transceiverOf(peer.pc, kind);
        if (!transceiver) continue;
        transceiver.direction = "sendrecv";
        const on = kind === "audio" ? call.audioOn : call.videoOn;
        await transceiver.sender.replaceTrack(on ? liveTrack(kind) : null);
      }
      await peer.pc.setLocalDescription(await peer.pc.createAnswer());
      send({ type: "call.signal", to: username, data: { description: peer.pc.localDescription.toJSON() } });
    } else if (description.type === "answer") {
      await peer.pc.setRemoteDescription(description);
    }
    for (const candidate of peer.pending.splice(0)) await peer.pc.addIceCandidate(candidate).catch(() => {});
  } else if (data.candidate) {
    const peer = call.peers.get(username);
    if (!peer) return;
    if (peer.pc.remoteDescription) await peer.pc.addIceCandidate(data.candidate).catch(() => {});
    else peer.pending.push(data.candidate);
  }
}

function watchConnection(username, peer) {
  const state = peer.pc.connectionState;
  clearTimeout(peer.failTimer);
  if (state === "connected") {
    say(t.joined);
    complain("");
    tileOf(username)?.classList.remove("call-trouble");
  } else if (state === "disconnected") {
    peer.failTimer = setTimeout(() => iceFailed(username, peer), FAILED_GRACE_MS);
  } else if (state === "failed") {
    iceFailed(username, peer);
  }
}

async function iceFailed(username, peer) {
  if (call.peers.get(username) !== peer) return;
  const hasRelay = call.iceServers.some((server) => [].concat(server.urls).some((url) => /^turns?:/.test(url)));
  complain(format(hasRelay ? t.iceFailed : t.iceFailedNoRelay, displayName(username)));
  tileOf(username)?.classList.add("call-trouble");
  // Once through the relay alone (it connects where direct paths are blocked), then an ICE
  // restart; the side that made the first offer makes the new one, so the two never cross.
  if (hasRelay && !peer.restarted) peer.pc.setConfiguration({ ...peerConfiguration(), iceTransportPolicy: "relay" });
  peer.restarted = true;
  peer.pc.restartIce();
  if (peer.initiator) await offer(username, peer, true);
}

function closePeer(username) {
  const peer = call.peers.get(username);
  if (peer) {
    clearTimeout(peer.failTimer);
    peer.pc.close();
    call.peers.delete(username);
  }
  call.meters.delete(username);
  tileOf(username)?.remove();
  reflow();
}

// ---- who is in the call -----------------------------------------------------------------------

function displayName(username) {
  const person = call.participants.find((p) => p.username === username);
  return person ? person.display_name : username;
}

function showParticipants(participants) {
  const before = new Set(call.participants.map((p) => p.username));
  call.participants = participants;
  const names = participants.map((p) => p.display_name);
  $("call-in-progress").textContent = names.length ? format(t.inCall, names.join(", ")) : t.nobody;
  if (!call.inCall) return;
  const now = new Set(participants.map((p) => p.username));
  if (!now.has(config.username)) { endCall(t.removed); return; }
  for (const username of [...call.peers.keys()]) {
    if (!now.has(username)) {
      closePeer(username);
      say(format(t.departed, displayName(username)));
    }
  }
  for (const person of participants) {
    if (person.username === config.username) continue;
    if (!before.has(person.username)) say(format(t.arrived, person.display_name));
    const tile = tileOf(person.username);
    if (tile) tile.querySelector(".call-name").textContent = person.display_name;
    showTileState(person.username, person);
  }
}

// ---- tiles ------------------------------------------------------------------------------------

function tileOf(username) {
  return [...$("call-tiles").children].find((tile) => tile.dataset.username === username) || null;
}

function ensureTile(username, name) {
  let tile = tileOf(username);
  if (tile) return tile;
  tile = document.createElement("li");
  tile.className = "call-tile";
  tile.dataset.username = username;
  const video = document.createElement("video");
  video.autoplay = true;
  video.playsInline = true;
  if (username === "") {
    video.muted = true; // one's own voice is not played back
    video.classList.add("call-self");
    const track = liveTrack("video");
    video.srcObject = track ? new MediaStream([track]) : null;
  } else {
    video.dataset.username = username;
  }
  video.setAttribute("aria-label", name);
  const caption = document.createElement("p");
  caption.className = "call-caption";
  const label = document.createElement("span");
  label.className = "call-name";
  label.textContent = name;
  const states = document.createElement("span");
  states.className = "call-states";
  caption.append(label, " ", states);
  tile.append(video, caption);
  if (username !== "" && call.role === "moderator") tile.append(moderatorActions(username));
  $("call-tiles").append(tile);
  reflow();
  return tile;
}

function moderatorActions(username) {
  const actions = document.createElement("span");
  actions.className = "call-moderation";
  const mute = document.createElement("button");
  mute.type = "button";
  mute.className = "link-button";
  mute.textContent = format(t.mutePerson, displayName(username));
  mute.addEventListener("click", () => send({ type: "moderate", action: "call.mute", username, kind: "audio" }));
  const remove = document.createElement("button");
  remove.type = "button";
  remove.className = "link-button";
  remove.textContent = format(t.removePerson, displayName(username));
  remove.addEventListener("click", () => send({ type: "moderate", action: "call.remove", username }));
  actions.append(mute, remove);
  return actions;
}

function showTileState(username, { audio, video }) {
  const tile = tileOf(username);
  if (!tile) return;
  tile.dataset.audio = String(audio);
  tile.dataset.video = String(video);
  const words = [];
  if (!audio) words.push(t.mutedLabel);
  if (!video) words.push(t.cameraOffLabel);
  tile.querySelector(".call-states").textContent = words.length ? `(${words.join(", ")})` : "";
}

function reflow() {
  const tiles = $("call-tiles");
  tiles.dataset.count = String(Math.max(1, Math.min(4, tiles.children.length)));
}

// ---- the speaking indicator ---------------------------------------------------------------------

function meter(username, stream) {
  const track = stream && stream.getAudioTracks()[0];
  if (!track || !window.AudioContext) { call.meters.delete(username); return; }
  call.audioContext = call.audioContext || new AudioContext();
  const analyser = call.audioContext.createAnalyser();
  analyser.fftSize = 512;
  call.audioContext.createMediaStreamSource(new MediaStream([track])).connect(analyser);
  call.meters.set(username, analyser);
  if (!call.meterTimer) call.meterTimer = setInterval(measure, 200);
}

function measure() {
  const samples = new Float32Array(512);
  for (const [username, analyser] of call.meters) {
    analyser.getFloatTimeDomainData(samples);
    let sum = 0;
    for (const sample of samples) sum += sample * sample;
    const level = Math.sqrt(sum / samples.length);
    const person = username === "" ? { audio: call.audioOn } : call.participants.find((p) => p.username === username);
    tileOf(username)?.classList.toggle("speaking", Boolean(person && person.audio) && level > SPEAKING_LEVEL);
  }
}

// ---- frames from the room socket ------------------------------------------------------------------

const handlers = {
  hello(frame) {
    call.role = frame.you.role;
    if (!frame.call) return;
    call.available = frame.call.available;
    section.hidden = !call.available;
    showParticipants(frame.call.participants);
  },
  "you.role"(frame) { call.role = frame.role; },
  "call.joined": joined,
  "call.state"(frame) {
    if (frame.removed && frame.removed !== config.username) closePeer(frame.removed);
    showParticipants(frame.participants);
  },
  "call.signal"(frame) { received(frame).catch((error) => complain(String(error))); },
  "call.muted"(frame) {
    complain(format(t.mutedByModerator, frame.kind === "audio" ? t.audioWord : t.videoWord) + (frame.reason ? ` (${frame.reason})` : ""));
    setMedia(frame.kind, false);
  },
  "call.removed"(frame) {
    endCall(frame.reason ? `${t.removed} (${frame.reason})` : t.removed);
  },
  muted() { if (call.inCall && call.audioOn) setMedia("audio", false); },
  error(frame) {
    if (!String(frame.client_id || "").startsWith("call-")) return;
    if (call.joining) { call.joining = false; say(""); }
    complain(frame.detail);
  },
};

document.addEventListener("room:frame", (event) => {
  const handler = handlers[event.detail.type];
  if (handler) handler(event.detail);
});
document.addEventListener("room:closed", () => {
  if (call.inCall || call.joining) endCall(t.lost);
});

$("call-setup-camera").addEventListener("click", () => toggleSetup("video"));
$("call-setup-mic").addEventListener("click", () => toggleSetup("audio"));
$("call-join").addEventListener("click", () => join(false));
$("call-join-audio").addEventListener("click", () => join(true));
$("call-mic").addEventListener("click", () => setMedia("audio", !call.audioOn));
$("call-camera").addEventListener("click", () => setMedia("video", !call.videoOn));
$("call-leave").addEventListener("click", () => leave());
window.addEventListener("pagehide", () => { if (call.inCall) send({ type: "call.leave" }); });
showPreview();
