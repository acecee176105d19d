// One confirmation for every destructive action. A form (or a submit button) with
// data-confirm="What will happen" opens the page's <dialog id="confirm-dialog"> first; "Yes"
// submits exactly what the person clicked, "Go back" (or Escape) leaves everything as it was.
// Without JavaScript the form submits plainly: the server never relies on the question.
const dialog = document.getElementById("confirm-dialog");
const text = document.getElementById("confirm-text");
const yes = document.getElementById("confirm-yes");
const confirmed = new WeakSet();

// "Ban {username}?" names what the form's `username` field holds (or "…" while it is empty).
function fill(message, form) {
  return message.replace(/\{(\w+)\}/g, (whole, name) => {
    const field = form.elements.namedItem(name);
    return field && "value" in field && field.value.trim() ? field.value.trim() : "…";
  });
}

function ask(message, label) {
  return new Promise((resolve) => {
    text.textContent = message;
    yes.textContent = label || yes.dataset.defaultLabel;
    dialog.returnValue = "";
    dialog.addEventListener("close", () => resolve(dialog.returnValue === "confirm"), { once: true });
    dialog.showModal();
  });
}

if (dialog && typeof dialog.showModal === "function") {
  yes.dataset.defaultLabel = yes.textContent;
  document.addEventListener("submit", async (event) => {
    const form = event.target;
    const submitter = event.submitter;
    const message = submitter?.dataset.confirm || form.dataset.confirm;
    if (!message || form.method === "dialog") return;
    if (confirmed.has(form)) { confirmed.delete(form); return; }
    event.preventDefault();
    const label = submitter?.dataset.confirmLabel || form.dataset.confirmLabel;
    const origin = submitter || form.querySelector("[type=submit]");
    if (await ask(fill(message, form), label)) {
      confirmed.add(form);
      form.requestSubmit(submitter?.form === form ? submitter : undefined);
    } else {
      origin?.focus();
    }
  });
}
