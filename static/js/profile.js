// The profile form: the searchable language list, and only the fields of what the person
// takes part as (university or city), and the "not listed" fields once asked for. Without
// JS every field shows.
import "./multiselect.js";

const form = document.getElementById("profile-form");
if (form) {
  const notListed = form.elements.not_listed;
  const update = () => {
    const chosen = form.querySelector('input[name="affiliation"]:checked');
    const affiliation = chosen ? chosen.value : "";
    for (const row of form.querySelectorAll("[data-shown-for]")) {
      row.hidden = row.dataset.shownFor !== affiliation;
    }
    for (const row of form.querySelectorAll("[data-not-listed]")) {
      const forThis = !row.dataset.shownFor || row.dataset.shownFor === affiliation;
      row.hidden = !(notListed && notListed.checked) || !forThis;
    }
  };
  form.addEventListener("change", update);
  update();
}
