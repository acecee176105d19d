// Initials on a colour of the person's own, as salam/people/avatars.py draws them on the server
// (the same FNV-1a hash of the case-folded username, the same twelve .avatar-c<n> colours).
const PALETTE_SIZE = 12;

export function colourIndex(username) {
  let value = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(username.toLowerCase())) {
    value = Math.imul(value ^ byte, 0x01000193) >>> 0;
  }
  return value % PALETTE_SIZE;
}

export function initials(name) {
  const words = (name || "").replace(/[_.]/g, " ").split(/\s+/).filter(Boolean);
  return words.slice(0, 2).map((word) => [...word][0]).join("").toUpperCase() || "?";
}

// A decorative element: the name is always written beside it.
export function avatarElement(username, name = username, size = "sm") {
  const element = document.createElement("span");
  element.className = `avatar avatar-${size} avatar-c${colourIndex(username)}`;
  element.setAttribute("aria-hidden", "true");
  element.textContent = initials(name);
  return element;
}
