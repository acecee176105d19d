// Tells the server the browser's time zone (the `tz` cookie), so that every page shows times
// in it when the person has not chosen one in their profile. A page drawn before the server
// knew any zone is drawn again, once, in the right one.
const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
const read = () => {
  const found = document.cookie.split("; ").find((pair) => pair.startsWith("tz="));
  return found ? found.slice(3) : null;
};
const before = read();
if (zone && before !== zone) {
  const secure = location.protocol === "https:" ? "; secure" : "";
  // IANA names (letters, digits, "/", "_", "+", "-") need no escaping in a cookie.
  document.cookie = `tz=${zone}; path=/; max-age=31536000; samesite=lax${secure}`;
  const script = document.querySelector("script[data-zone-source]");
  const unknown = script && script.dataset.zoneSource === "none";
  // Only when the cookie took (cookies may be off): never a reload loop.
  if (unknown && before === null && read() === zone) location.reload();
}
