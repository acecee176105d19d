// The header's menu on narrow screens: one button (aria-expanded) shows and hides the links.
// Without this script the links simply wrap, so nothing is lost; with it, the stylesheet
// collapses them behind the button below 60rem (.site-header.has-menu).
const header = document.getElementById("site-header");
const button = document.getElementById("menu-toggle");
const menu = document.getElementById("site-menu");

function setOpen(open, { focusButton = false } = {}) {
  button.setAttribute("aria-expanded", String(open));
  menu.classList.toggle("open", open);
  if (!open && focusButton) button.focus();
}

if (header && button && menu) {
  header.classList.add("has-menu");
  button.hidden = false;
  button.addEventListener("click", () => setOpen(button.getAttribute("aria-expanded") !== "true"));
  header.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      setOpen(false, { focusButton: true });
    }
  });
  // A click outside the open menu closes it, as a person expects of a phone menu.
  document.addEventListener("click", (event) => {
    if (button.getAttribute("aria-expanded") === "true" && !header.contains(event.target)) {
      setOpen(false);
    }
  });
}

// The section a person is in is marked (aria-current), by the longest link path that starts
// the page's path ("/rooms/pairing/" over "/rooms/"); the home link only on the home page.
const links = [...document.querySelectorAll(".main-nav a, .work-nav a")];
const here = location.pathname;
const current = links
  .filter((link) => link.pathname !== "/" && here.startsWith(link.pathname) && !link.hash)
  .sort((a, b) => b.pathname.length - a.pathname.length)[0];
if (current) current.setAttribute("aria-current", "page");
