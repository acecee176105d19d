// A track's colour comes from the data (a validated #rrggbb). It is set through the CSSOM,
// which the Content-Security-Policy allows, not an inline style attribute, which it refuses.
for (const element of document.querySelectorAll("[data-track-colour]")) {
  element.style.setProperty("--track-colour", element.dataset.trackColour);
}
