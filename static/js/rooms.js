// The room list: unread counts kept up to date while the page is open (asked every 10 s, and
// at once when the page is shown again).
const label = JSON.parse(document.getElementById("rooms-unread-label").textContent);
const lang = document.documentElement.lang || undefined;

async function refresh() {
  if (document.hidden) return;
  let answer;
  try {
    const response = await fetch("/rooms/unread/", { headers: { Accept: "application/json" } });
    if (!response.ok) return;
    answer = await response.json();
  } catch {
    return; // offline: the next round tries again
  }
  for (const badge of document.querySelectorAll("[data-unread-for]")) {
    const count = answer.unread[badge.dataset.unreadFor] ?? 0;
    badge.textContent = new Intl.NumberFormat(lang).format(count);
    badge.setAttribute("aria-label", label.replace("%s", count));
    badge.hidden = count === 0;
  }
}

setInterval(refresh, 10000);
document.addEventListener("visibilitychange", refresh);
