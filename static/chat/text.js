// Safe rendering of chat text: message bodies are never parsed as HTML. Text goes in through
// text nodes; only http(s) URLs become links, built with DOM APIs and opened without an opener.

// ASCII URL characters only, so Chinese text written right after a link is not swallowed by it.
const URL_PATTERN = /\bhttps?:\/\/[\w\-.~:/?#[\]@!$&()*+,;=%]+/gi;
// Punctuation that usually ends a sentence rather than the URL it follows.
const TRAILING = /[.,;:!?)\]]+$/;

/** Return an http(s) URL object for `raw`, or null for anything else (javascript:, data:, …). */
export function safeHttpUrl(raw) {
  try {
    const url = new URL(raw);
    return url.protocol === "http:" || url.protocol === "https:" ? url : null;
  } catch {
    return null;
  }
}

/** Append `text` to `parent` as text nodes, with http(s) URLs as safe links. */
export function appendLinkified(parent, text) {
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    let candidate = match[0];
    const trailing = candidate.match(TRAILING);
    if (trailing) candidate = candidate.slice(0, -trailing[0].length);
    const url = safeHttpUrl(candidate);
    if (!url) continue;
    parent.append(document.createTextNode(text.slice(last, match.index)));
    const link = document.createElement("a");
    link.href = url.href;
    link.textContent = candidate;
    link.target = "_blank";
    link.rel = "noopener noreferrer nofollow";
    parent.append(link);
    last = match.index + candidate.length;
  }
  parent.append(document.createTextNode(text.slice(last)));
}

/** Create an element with a class and text content (never HTML). */
export function el(tag, className = "", text = "") {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

/** Fill a "{name}"-style template from the translated strings with values, as plain text. */
export function format(template, values) {
  return template.replace(/\{(\w+)\}/g, (whole, key) => (key in values ? String(values[key]) : whole));
}

/** A random id for de-duplicating resent messages (works outside secure contexts too). */
export function newClientId() {
  if (globalThis.crypto?.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The local time of an ISO timestamp, as the page language writes it. */
export function clockTime(iso, lang) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  return date.toLocaleTimeString(lang, { hour: "2-digit", minute: "2-digit" });
}

/** A file size for people: "340 KB", "2.4 MB" (units are the same in both languages). */
export function fileSize(bytes) {
  if (!Number.isFinite(bytes)) return "";
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** The value of a cookie (the CSRF token for fetch() calls). */
export function cookie(name) {
  for (const part of document.cookie.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return "";
}
