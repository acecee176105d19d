// The session form's recurrence picker: only the choices that apply are shown (how it ends,
// then the number of times or the last date; the raw rule for a custom one). Without this
// script every field is shown and the server reads the same choices.

const form = document.querySelector("form.stacked-form");
const field = (name) => form?.querySelector(`[data-field="${name}"]`);
const repeat = form?.querySelector("select[name=repeat]");

function ends() {
  return form.querySelector("input[name=ends]:checked")?.value ?? "";
}

function show(name, visible) {
  const wrapper = field(name);
  if (wrapper) wrapper.hidden = !visible;
}

function update() {
  const choice = repeat.value;
  const picked = choice !== "" && choice !== "custom";
  show("ends", picked);
  show("count", picked && ends() === "count");
  show("until", picked && ends() === "until");
  show("recurrence", choice === "custom");
}

if (form && repeat) {
  repeat.addEventListener("change", update);
  form.querySelectorAll("input[name=ends]").forEach((radio) => {
    radio.addEventListener("change", update);
  });
  update();
}
