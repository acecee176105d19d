// The entrant's entry page: the resumable chunked upload of the video, and the processing
// state live from /ws/me/ (the `contest.progress` frame), or from status.json when the
// socket is down. No build step, no inline script (CSP).
const t = JSON.parse(document.getElementById("contest-strings").textContent);
const form = document.getElementById("upload-form");
const input = document.getElementById("video-file");
const bar = document.getElementById("upload-bar");
const said = document.getElementById("upload-state");
const status = document.getElementById("processing");
const statusBar = document.getElementById("processing-bar");
const entryId = Number(status.dataset.entry);

function csrf() {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

function show(state, progress, failure) {
  const was = status.dataset.state;
  status.dataset.state = state;
  for (const label of status.querySelectorAll("[data-label]")) {
    label.hidden = label.dataset.label !== state;
  }
  status.querySelector("[data-progress]").textContent = String(progress);
  status.querySelector("[data-failure]").textContent = state === "failed" ? failure || "" : "";
  statusBar.value = progress;
  if (state === "ready" && ["queued", "processing"].includes(was)) {
    setTimeout(() => location.reload(), 800); // the player and the checks are on the page then
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function sendChunks(upload, file) {
  let offset = upload.offset;
  let failures = 0;
  while (offset < file.size) {
    const end = Math.min(offset + upload.chunk, file.size);
    try {
      const response = await fetch(upload.url, {
        method: "PATCH",
        headers: { "Upload-Offset": String(offset), "X-CSRFToken": csrf(), "Content-Type": "application/offset+octet-stream" },
        body: file.slice(offset, end),
        credentials: "same-origin",
      });
      const answer = await response.json();
      if (response.ok) {
        offset = answer.offset;
        failures = 0;
      } else if (response.status === 409 && typeof answer.offset === "number") {
        offset = answer.offset; // the server has more (or less) than we thought: go on from there
      } else {
        throw Object.assign(new Error(answer.detail || t.failed), { final: true });
      }
    } catch (error) {
      if (error.final) throw error;
      failures += 1; // the connection dropped: ask where the server is and go on
      said.textContent = t.resuming;
      await sleep(Math.min(30000, 1000 * 2 ** failures));
      const probe = await fetch(upload.url, { credentials: "same-origin" }).catch(() => null);
      if (probe && probe.ok) offset = (await probe.json()).offset;
    }
    bar.value = Math.round((offset / file.size) * 100);
    said.textContent = `${t.uploaded} ${bar.value} %`;
  }
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const file = input.files[0];
  if (!file) return;
  if (file.size > Number(form.dataset.max)) {
    said.textContent = t.tooLarge;
    return;
  }
  const key = `contest-upload:${entryId}:${file.name}:${file.size}:${file.lastModified}`;
  let upload = null;
  const saved = localStorage.getItem(key);
  if (saved) {
    const probe = await fetch(saved, { credentials: "same-origin" }).catch(() => null);
    if (probe && probe.ok) upload = await probe.json();
  }
  if (!upload || upload.complete) {
    const response = await fetch(form.dataset.startUrl, {
      method: "POST",
      headers: { "X-CSRFToken": csrf(), "Content-Type": "application/json" },
      body: JSON.stringify({ size: file.size, filename: file.name }),
      credentials: "same-origin",
    });
    const answer = await response.json();
    if (!response.ok) {
      said.textContent = answer.detail || t.failed;
      return;
    }
    upload = answer;
    localStorage.setItem(key, upload.url);
  }
  try {
    await sendChunks(upload, file);
    localStorage.removeItem(key);
    said.textContent = t.done;
    show("queued", 0, "");
  } catch (error) {
    localStorage.removeItem(key);
    said.textContent = error.message;
  }
});

async function poll() {
  const response = await fetch(status.dataset.statusUrl, { credentials: "same-origin" }).catch(() => null);
  if (response && response.ok) {
    const answer = await response.json();
    show(answer.state, answer.progress, answer.failure);
  }
}

// While the video is queued or processing, also ask now and then: a frame can be missed
// (a socket reconnecting, a worker on a layer this server does not share).
setInterval(() => {
  if (["queued", "processing"].includes(status.dataset.state)) poll();
}, 4000);

// Live progress on the page's one personal socket, me.js's (base.html); while it is away,
// ask every 3 s, and once more when it is back.
let pollTimer = null;
document.addEventListener("salam:hello", () => {
  clearInterval(pollTimer);
  pollTimer = null;
  poll(); // catch up on what moved while we were away
});
document.addEventListener("salam:contest.progress", (event) => {
  const frame = event.detail;
  if (frame.entry === entryId) show(frame.state, frame.progress, frame.failure);
});
document.addEventListener("salam:closed", () => {
  if (!pollTimer) pollTimer = setInterval(poll, 3000);
});
