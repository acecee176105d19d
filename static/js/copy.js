// Copy buttons: <button data-copy="#input-id" data-copied="Copied."> copies the input's value
// and says so in the [data-copy-status] beside it.

function say(button, text) {
  const status = button.parentElement?.querySelector("[data-copy-status]");
  if (status) status.textContent = text;
}

document.querySelectorAll("button[data-copy]").forEach((button) => {
  button.addEventListener("click", async () => {
    const field = document.querySelector(button.dataset.copy);
    if (!field) return;
    try {
      await navigator.clipboard.writeText(field.value);
      say(button, button.dataset.copied ?? "");
    } catch {
      field.focus();
      field.select();
      say(button, button.dataset.copyFailed ?? "");
    }
  });
});
