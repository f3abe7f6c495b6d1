// The conversation pane: a ticket or a chat opened beside the inbox list without a page load.
//
// The server renders the pane (the same include for the full page and for the fragment at
// `<page URL>pane/`); this module fetches it, swaps it in, and keeps the address in step with
// history.pushState, so back/forward, reloads and links give the same page. Forms in the pane
// (a reply or note, each one-click property) are POSTed with fetch and answered with the
// updated pane. While a pane is open, the socket's frames about it re-fetch it: only the parts
// marked data-live-part change when the agent has something in the composer.
//
// Hooks for the "Working together" features: the composer posts `last_seen_message`, and a
// `composer:typing` CustomEvent (detail: {key, kind}) bubbles from the composer, at most once
// every 3 s while the agent types.
import { callApi, uploadFiles } from "../chat/api.js";
import { setupAttachments } from "../tickets/attachments.js";
import { insertAtCursor } from "../tickets/cursor.js";
import { closeMenus, openMenu, setupMenus } from "./menus.js";

const strings = JSON.parse(document.getElementById("wp-strings")?.textContent || "{}");
const root = document.getElementById("ib");
const slot = document.getElementById("ib-pane");
const announcer = document.getElementById("wp-announce");
const TYPING_EVERY_MS = 3000;
const REFRESH_GAP_MS = 700;

let socket = null;
let attached = null;
let loading = null; // AbortController of the pane being fetched
let refreshTimer = null;
let lastTyping = 0;
let pendingClientIds = new Set();
let posting = false; // a form of the pane is being sent
let listTitle = document.title; // the list's own title (without an open pane's)

export function current() {
  return slot.querySelector("#wp");
}

function say(text) {
  if (!announcer || !text) return;
  announcer.textContent = "";
  window.setTimeout(() => {
    announcer.textContent = text;
  }, 30);
}

function fragmentUrl(pageUrl) {
  const url = new URL(pageUrl, window.location.href);
  url.pathname = url.pathname.replace(/\/?$/, "/") + "pane/";
  return url;
}

export function isPaneUrl(href) {
  return /\/console\/inbox\/(t|c)\/[^/]+\/$/.test(new URL(href, window.location.href).pathname);
}

function markRow() {
  const key = current()?.dataset.key;
  for (const link of root.querySelectorAll(".ib-row__link")) {
    if (link.closest(".ib-row").dataset.key === key) link.setAttribute("aria-current", "true");
    else link.removeAttribute("aria-current");
  }
}

function install(html, { keep = null } = {}) {
  leave({ keepFiles: Boolean(keep) });
  slot.innerHTML = html;
  // A refused reply: the agent's own composer (text and chosen files) takes the new one's place.
  const fresh = keep && slot.querySelector("#wp-compose");
  if (fresh) {
    const seen = fresh.querySelector('input[name="last_seen_message"]')?.value;
    if (seen) keep.querySelector('input[name="last_seen_message"]').value = seen;
    fresh.replaceWith(keep);
  }
  root.classList.toggle("ib--pane", Boolean(current()));
  document.title = current() ? `${current().dataset.title} · ${listTitle}` : listTitle;
  mount();
  markRow();
}

/** Open the pane of `pageUrl` (a /console/inbox/t/<ref>/ or /c/<id>/ address). */
export async function openPane(pageUrl, { push = true, focus = true } = {}) {
  loading?.abort();
  loading = new AbortController();
  let response;
  try {
    response = await fetch(fragmentUrl(pageUrl), {
      headers: { "X-Pane": "1" },
      credentials: "same-origin",
      signal: loading.signal,
    });
  } catch (error) {
    if (error.name !== "AbortError") say(strings.loadFailed);
    return;
  }
  if (!response.ok) {
    say(strings.loadFailed);
    return;
  }
  install(await response.text());
  const href = new URL(pageUrl, window.location.href).href;
  if (push && href !== window.location.href) window.history.pushState({ pane: href }, "", href);
  if (focus) current()?.focus({ preventScroll: true });
}

/** Close the pane and go back to the list's address. */
export function closePane({ push = true } = {}) {
  const key = current()?.dataset.key;
  install("");
  if (push) {
    const list = new URL(root.dataset.listUrl, window.location.href).href;
    window.history.pushState({ pane: null }, "", list);
  }
  const row = key && root.querySelector(`.ib-row[data-key="${key}"] .ib-row__link`);
  row?.focus();
}

// --- Live updates -------------------------------------------------------------------------------

function composerBusy() {
  const body = current()?.querySelector("#wp-body");
  return Boolean((body && body.value.trim()) || attached?.files().length);
}

async function refresh() {
  const pane = current();
  if (!pane) return;
  let response;
  try {
    response = await fetch(pane.dataset.fragmentUrl, { headers: { "X-Pane": "1" }, credentials: "same-origin" });
  } catch {
    return;
  }
  if (!response.ok || current() !== pane) return;
  const html = await response.text();
  if (posting || slot.querySelector("[aria-expanded=true]")) {
    refreshSoon(); // the agent is choosing in a menu or sending: not under their hands
    return;
  }
  const focused = document.activeElement;
  if (!composerBusy()) {
    const inPane = pane.contains(focused);
    const id = inPane ? focused.id : "";
    install(html);
    if (inPane) ((id && document.getElementById(id)) || current())?.focus({ preventScroll: true });
    return;
  }
  // Keep the composer (and whatever has the focus): replace only the parts that changed.
  const fresh = new DOMParser().parseFromString(html, "text/html");
  for (const part of pane.querySelectorAll("[data-live-part]")) {
    const next = fresh.querySelector(`[data-live-part="${part.dataset.livePart}"]`);
    if (next && !part.contains(focused)) part.replaceWith(document.adoptNode(next));
  }
  const freshPane = fresh.querySelector("#wp");
  if (freshPane) pane.dataset.lastSeq = freshPane.dataset.lastSeq || "";
  const seen = fresh.querySelector('input[name="last_seen_message"]');
  const mine = pane.querySelector('input[name="last_seen_message"]');
  if (seen && mine) mine.value = seen.value;
  setupMenus(pane);
  scrollThread();
}

function refreshSoon() {
  window.clearTimeout(refreshTimer);
  refreshTimer = window.setTimeout(refresh, REFRESH_GAP_MS);
}

/** A frame of the agent socket: re-fetch the open pane when it concerns it. */
export function onFrame(frame) {
  const pane = current();
  if (!pane) return;
  if (pane.dataset.kind === "ticket") {
    if (frame.type === "inbox" && (frame.changed || []).includes("ticket")) refreshSoon();
    return;
  }
  const id = Number(pane.dataset.conversation);
  const about = frame.conversation?.id ?? frame.conversation;
  if (frame.type === "welcome") {
    watchChat(pane);
    refreshSoon();
  } else if (about === id && ["message", "conversation", "assigned", "unassigned"].includes(frame.type)) {
    refreshSoon();
  } else if (frame.type === "ack" && about === id) {
    pendingClientIds.delete(frame.client_id);
    refreshSoon();
  } else if (frame.type === "error" && about === id) {
    say(frame.message || strings.failed);
  }
}

function watchChat(pane) {
  const conversation = Number(pane.dataset.conversation);
  const seq = Number(pane.dataset.lastSeq) || 0;
  // Subscribe (the replay after `seq` is ignored: the pane is re-fetched instead) and mark read.
  socket?.send({ type: "sync", conversation, last_seq: seq });
  if (seq) socket?.send({ type: "read", conversation, seq });
}

// --- Forms in the pane ----------------------------------------------------------------------------

async function postPaneForm(form, submitter) {
  const data = new FormData(form, submitter);
  if (form.id === "wp-compose") {
    data.delete("attachments");
    for (const file of attached?.files() || []) data.append("attachments", file, file.name);
  }
  const shortcut = submitter?.closest("[data-menu]")?.querySelector("[data-shortcut]")?.dataset.shortcut;
  form.querySelectorAll("button[type=submit]").forEach((button) => {
    button.disabled = true;
  });
  let response;
  posting = true;
  try {
    response = await fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Pane": "1" },
    });
  } catch {
    response = null;
  } finally {
    posting = false;
  }
  if (!response) {
    form.querySelectorAll("button[type=submit]").forEach((button) => {
      button.disabled = false;
    });
    say(strings.failed);
    return;
  }
  const refused = !response.ok && form.id === "wp-compose";
  if (refused) {
    form.querySelectorAll("button[type=submit]").forEach((button) => {
      button.disabled = false;
    });
  }
  install(await response.text(), { keep: refused ? form : null });
  const pane = current();
  const notice = pane?.querySelector("[data-pane-notice]")?.textContent.trim();
  const error = pane?.querySelector(".wp-errors")?.textContent.trim();
  say(error || notice);
  // Keep the keyboard where the agent was: the property's button, else the composer or the pane.
  const target =
    (shortcut && pane?.querySelector(`[data-shortcut="${shortcut}"]`)) ||
    (error && pane?.querySelector("#wp-body")) ||
    pane;
  target?.focus({ preventScroll: true });
}

function setMode(form, kind) {
  const radio = form.querySelector(`input[name="kind"][value="${kind}"]`);
  if (radio) radio.checked = true;
  applyMode(form);
}

function applyMode(form) {
  const note = form.querySelector('input[name="kind"]:checked')?.value === "note";
  form.classList.toggle("is-note", note);
  const label = form.querySelector("[data-send-label]");
  if (label) label.textContent = note ? label.dataset.noteLabel : label.dataset.replyLabel;
}

function typing(form) {
  const now = Date.now();
  if (now - lastTyping < TYPING_EVERY_MS) return;
  lastTyping = now;
  const pane = current();
  form.dispatchEvent(
    new CustomEvent("composer:typing", {
      bubbles: true,
      detail: { key: pane?.dataset.key, kind: form.querySelector('input[name="kind"]:checked')?.value || "chat" },
    }),
  );
  if (pane?.dataset.kind === "chat") {
    socket?.send({ type: "typing", conversation: Number(pane.dataset.conversation), is_typing: true });
  }
}

async function sendChat(form) {
  const pane = current();
  const body = form.querySelector("#wp-body");
  const text = body.value.trim();
  const files = attached?.files() || [];
  if (!text && !files.length) return;
  const conversation = Number(pane.dataset.conversation);
  const clientId = crypto.randomUUID();
  say(strings.sending);
  if (files.length) {
    const result = await uploadFiles(pane.dataset.filesUrl, { fields: { client_id: clientId, body: text }, files });
    if (!result.ok) {
      say(result.data?.fields?.files?.[0]?.message || result.data?.message || strings.failed);
      return;
    }
  } else {
    if (!socket?.send({ type: "message", conversation, client_id: clientId, body: text })) {
      say(strings.failed); // offline: the text stays in the composer
      return;
    }
    pendingClientIds.add(clientId);
  }
  body.value = "";
  attached?.clear();
  socket?.send({ type: "typing", conversation, is_typing: false });
  refreshSoon();
}

async function chatAction(pane, action) {
  const result = await callApi(`${pane.dataset.api}${action}`, { method: "POST", body: {} });
  if (!result.ok) {
    say(result.code === "not_waiting" ? strings.notWaiting : result.data?.message || strings.forbidden);
  }
  await refresh();
  current()?.focus({ preventScroll: true });
}

function scrollThread() {
  const thread = current()?.querySelector(".wp-thread");
  if (thread) thread.scrollTop = thread.scrollHeight;
}

function mount() {
  const pane = current();
  if (!pane) return;
  setupMenus(pane);
  scrollThread();
  pane.addEventListener("submit", (event) => {
    const form = event.target;
    if (form.matches("[data-chat-compose]")) {
      event.preventDefault();
      sendChat(form);
    } else if (form.matches("[data-pane-form]")) {
      event.preventDefault();
      closeMenus();
      postPaneForm(form, event.submitter);
    }
  });
  pane.addEventListener("click", (event) => {
    const canned = event.target.closest("[data-canned-text]");
    if (canned) {
      closeMenus();
      insertAtCursor(pane.querySelector("#wp-body"), canned.dataset.cannedText);
      say(strings.inserted);
      return;
    }
    const action = event.target.closest("[data-chat-action]");
    if (action) {
      chatAction(pane, action.dataset.chatAction);
      return;
    }
    const link = event.target.closest("[data-pane-link], [data-pane-close]");
    if (link && !event.metaKey && !event.ctrlKey && !event.shiftKey && event.button === 0) {
      event.preventDefault();
      if (link.matches("[data-pane-close]")) closePane();
      else openPane(link.href);
    }
  });
  const form = pane.querySelector("#wp-compose");
  if (form && !form.dataset.ready) {
    form.dataset.ready = "1";
    form.querySelectorAll('input[name="kind"]').forEach((radio) => radio.addEventListener("change", () => applyMode(form)));
    const body = form.querySelector("#wp-body");
    body.addEventListener("input", () => typing(form));
    body.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        form.requestSubmit(form.querySelector("button[type=submit]"));
      } else if (event.key === "Escape") {
        event.stopPropagation();
        body.blur();
        current()?.focus({ preventScroll: true });
      }
    });
    const box = form.querySelector("[data-attach]");
    const warning = form.querySelector("[data-file-warning]");
    attached = box
      ? setupAttachments(box, {
          strings,
          pasteTarget: form,
          warn: (text) => {
            warning.textContent = text;
            warning.hidden = !text;
          },
        })
      : null;
  }
  if (pane.dataset.kind === "chat") watchChat(pane);
}

function leave({ keepFiles = false } = {}) {
  const pane = current();
  if (!keepFiles) attached = null;
  pendingClientIds = new Set();
  if (pane?.dataset.kind === "chat" && !pane.querySelector("#wp-compose")) {
    // A chat that is not mine: stop receiving it (my own chats stay subscribed).
    socket?.send({ type: "unsubscribe", conversation: Number(pane.dataset.conversation) });
  }
}

// --- Keyboard ---------------------------------------------------------------------------------------

function focusComposer(kind) {
  const form = current()?.querySelector("#wp-compose");
  if (!form) return false;
  if (kind) setMode(form, kind);
  form.querySelector("#wp-body").focus();
  return true;
}

/** The pane's shortcuts (the inbox passes every key it does not handle itself). */
export function onKey(event) {
  const pane = current();
  if (!pane) return false;
  const click = (selector) => {
    const target = pane.querySelector(selector);
    if (!target) return false;
    target.click();
    return true;
  };
  switch (event.key) {
    case "Escape":
      closePane();
      return true;
    case "r":
      return focusComposer("reply");
    case "n":
      return focusComposer(pane.dataset.kind === "ticket" ? "note" : "");
    case "a":
      return click("[data-assign-me]");
    case "c":
      return click("[data-solve]");
    case "s":
    case "p":
    case "t":
    case "e":
    case "l":
    case "m": {
      const button = pane.querySelector(`[data-shortcut="${event.key}"]`);
      if (!button) return false;
      openMenu(button);
      return true;
    }
    default:
      return false;
  }
}

export function start({ agentSocket }) {
  socket = agentSocket;
  if (current()) listTitle = document.title.replace(`${current().dataset.title} · `, "");
  window.history.replaceState({ pane: current() ? window.location.href : null }, "", window.location.href);
  window.addEventListener("popstate", () => {
    if (isPaneUrl(window.location.href)) openPane(window.location.href, { push: false, focus: false });
    else if (current()) closePane({ push: false });
  });
  document.addEventListener("click", (event) => {
    if (!event.target.closest("[data-menu]")) closeMenus();
  });
  root.addEventListener("click", (event) => {
    const link = event.target.closest(".ib-row__link");
    if (!link || event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    openPane(link.href);
  });
  mount();
  markRow();
}

export { markRow };
