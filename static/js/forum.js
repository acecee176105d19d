// The forum's reply box: quotes put where they can be edited, a live preview rendered by the
// server's own safe markup (the same as posts), and a draft kept in this browser per thread.

const form = document.getElementById("reply");
const box = form?.querySelector("textarea[name=body]");
const quoteField = form?.querySelector("input[name=quote]");
const previewSection = form?.querySelector(".reply-preview");
const preview = document.getElementById("reply-preview");
const status = form?.querySelector(".draft-status");
const csrf = form?.querySelector("input[name=csrfmiddlewaretoken]")?.value ?? "";
const PREVIEW_DELAY_MS = 300;

function readDraft() {
  try {
    const saved = JSON.parse(localStorage.getItem(form.dataset.draftKey) ?? "null");
    return saved && typeof saved.body === "string" ? saved : null;
  } catch {
    return null;
  }
}

function saveDraft() {
  try {
    if (box.value.trim()) {
      const draft = { body: box.value, quote: quoteField?.value ?? "" };
      localStorage.setItem(form.dataset.draftKey, JSON.stringify(draft));
    } else {
      localStorage.removeItem(form.dataset.draftKey);
    }
  } catch {
    // storage full or refused (private mode): the reply box still works
  }
}

let previewTimer = 0;
let previewAsked = 0;

async function renderPreview() {
  const asked = ++previewAsked;
  const text = box.value;
  if (!text.trim()) {
    previewSection.hidden = true;
    preview.replaceChildren();
    return;
  }
  const body = new FormData();
  body.append("body", text);
  let html;
  try {
    const response = await fetch(form.dataset.previewUrl, {
      method: "POST",
      body,
      headers: { "X-CSRFToken": csrf },
      credentials: "same-origin",
    });
    html = response.ok ? await response.text() : null;
    if (!response.ok) {
      preview.textContent = (await response.text()) || form.dataset.previewError;
    }
  } catch {
    preview.textContent = form.dataset.previewError;
  }
  if (asked !== previewAsked) return; // a later keystroke asked again
  if (html !== null && html !== undefined) {
    // the server's markup: Markdown cleaned by the allow-list that posts are shown with
    preview.innerHTML = html;
  }
  previewSection.hidden = false;
}

function changed() {
  saveDraft();
  clearTimeout(previewTimer);
  previewTimer = setTimeout(renderPreview, PREVIEW_DELAY_MS);
}

async function insertQuote(link) {
  const response = await fetch(link.dataset.quoteUrl, { credentials: "same-origin" });
  if (!response.ok) {
    window.location.href = link.href; // the page itself puts the quote in the box
    return;
  }
  const { post, markdown } = await response.json();
  const rest = box.value.trim() ? box.value : "";
  box.value = markdown + rest;
  if (quoteField) quoteField.value = String(post);
  box.focus();
  box.setSelectionRange(box.value.length, box.value.length);
  box.scrollIntoView({ block: "center" });
  changed();
}

if (form && box) {
  const draft = readDraft();
  if (draft && draft.body !== box.value) {
    const prefilled = box.value.trim();
    box.value = prefilled && !draft.body.includes(prefilled) ? box.value + draft.body : draft.body;
    if (quoteField && !quoteField.value && draft.quote) quoteField.value = draft.quote;
    status.textContent = form.dataset.draftRestored;
  }
  box.addEventListener("input", changed);
  form.addEventListener("submit", () => {
    try {
      localStorage.removeItem(form.dataset.draftKey);
    } catch {
      // nothing kept, nothing to clear
    }
  });
  document.querySelectorAll("a[data-quote-url]").forEach((link) => {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      insertQuote(link);
    });
  });
  if (box.value.trim()) renderPreview();
}
