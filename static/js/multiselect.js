// A searchable multi-select: enhances <select multiple data-searchable> into a combobox
// (type to filter, arrows to move, Enter to choose) with the chosen ones as removable
// buttons. The <select> stays in the form and is what gets submitted; without JS it is
// simply shown. Follows the ARIA combobox pattern with aria-activedescendant.

const fold = (text) => text.normalize("NFD").replace(/[\u0300-\u036f\u064b-\u065f\u0670]/g, "").toLowerCase();

let counter = 0;

export function enhance(select) {
  if (select.dataset.enhanced) return;
  select.dataset.enhanced = "true";
  const id = select.id || `multiselect-${++counter}`;
  const label = document.querySelector(`label[for="${id}"]`);
  const strings = {
    remove: select.dataset.removeLabel || "Remove %s",
    added: select.dataset.addedLabel || "%s added",
    removed: select.dataset.removedLabel || "%s removed",
    none: select.dataset.noneLabel || "No match",
    chosen: select.dataset.chosenLabel || "Chosen",
  };
  const say = (template, value) => template.replace("%s", value);

  const wrap = document.createElement("div");
  wrap.className = "multiselect";
  const chips = document.createElement("ul");
  chips.className = "multiselect-chosen";
  chips.setAttribute("aria-label", strings.chosen);
  const input = document.createElement("input");
  input.type = "text";
  input.id = `${id}-search`;
  input.className = "multiselect-search";
  input.autocomplete = "off";
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  const described = select.getAttribute("aria-describedby");
  if (described) input.setAttribute("aria-describedby", described);
  const listbox = document.createElement("ul");
  listbox.id = `${id}-listbox`;
  listbox.className = "multiselect-options";
  listbox.setAttribute("role", "listbox");
  listbox.setAttribute("aria-multiselectable", "true");
  listbox.hidden = true;
  input.setAttribute("aria-controls", listbox.id);
  const live = document.createElement("p");
  live.className = "visually-hidden";
  live.setAttribute("aria-live", "polite");
  if (label) {
    label.htmlFor = input.id;
    listbox.setAttribute("aria-labelledby", label.id || (label.id = `${id}-label`));
  }
  wrap.append(chips, input, listbox, live);
  select.after(wrap);
  select.hidden = true;
  select.tabIndex = -1;

  const options = [...select.options];
  let shown = [];
  let active = -1;

  function renderChips() {
    chips.textContent = "";
    for (const option of options.filter((o) => o.selected)) {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "multiselect-chip";
      button.textContent = `${option.text} ×`;
      button.setAttribute("aria-label", say(strings.remove, option.text));
      button.addEventListener("click", () => {
        toggle(option);
        input.focus();
      });
      item.append(button);
      chips.append(item);
    }
    chips.hidden = chips.childElementCount === 0;
  }

  function renderList() {
    const query = fold(input.value.trim());
    shown = query
      ? options.filter((o) => fold(o.text).includes(query) || (o.dataset.search || "").split(" ").some((term) => fold(term).startsWith(query)))
      : options;
    listbox.textContent = "";
    shown.forEach((option, index) => {
      const item = document.createElement("li");
      item.id = `${id}-option-${index}`;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", String(option.selected));
      item.className = index === active ? "active" : "";
      item.textContent = option.text;
      item.addEventListener("mousedown", (event) => event.preventDefault());
      item.addEventListener("click", () => { active = index; toggle(option); });
      listbox.append(item);
    });
    if (shown.length === 0) {
      const item = document.createElement("li");
      item.className = "multiselect-empty";
      item.textContent = strings.none;
      listbox.append(item);
    }
    if (active >= 0 && shown[active]) {
      input.setAttribute("aria-activedescendant", `${id}-option-${active}`);
      listbox.children[active].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function open() {
    listbox.hidden = false;
    input.setAttribute("aria-expanded", "true");
    renderList();
  }

  function close() {
    listbox.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function toggle(option) {
    option.selected = !option.selected;
    select.dispatchEvent(new Event("change", { bubbles: true }));
    live.textContent = say(option.selected ? strings.added : strings.removed, option.text);
    renderChips();
    if (!listbox.hidden) renderList();
  }

  input.addEventListener("input", () => { active = 0; open(); });
  input.addEventListener("focus", () => { if (input.value) open(); });
  input.addEventListener("blur", close);
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (listbox.hidden) { open(); }
      const step = event.key === "ArrowDown" ? 1 : -1;
      active = shown.length ? (active + step + shown.length) % shown.length : -1;
      renderList();
    } else if (event.key === "Enter") {
      if (!listbox.hidden && shown[active]) {
        event.preventDefault();
        toggle(shown[active]);
      }
    } else if (event.key === "Escape") {
      if (!listbox.hidden) { event.preventDefault(); close(); } else { input.value = ""; }
    } else if (event.key === "Backspace" && !input.value) {
      const last = options.filter((o) => o.selected).pop();
      if (last) toggle(last);
    }
  });

  renderChips();
}

for (const select of document.querySelectorAll("select[multiple][data-searchable]")) enhance(select);
