// The customer chat (templates/chat/_app.html): pre-chat form with FAQ suggestions, the
// conversation over the customer socket, queue position, "leave a message", rating and
// transcript, files (the paperclip). Wire format: docs/chat-protocol.md. Every user-visible text
// is set as text.

import { callApi, fileObjectUrl, socketUrl, uploadFiles } from "./api.js";
import { checkFiles, uploadFailure } from "./files.js";
import { setupHelp } from "./help.js";
import { identityFromFragment, signIn } from "./identity.js";
import { MessageLog } from "./log.js";
import { ReconnectingSocket, STATE } from "./socket.js";
import { el, format, newClientId, safeHttpUrl } from "./text.js";

const strings = JSON.parse(document.getElementById("chat-strings").textContent);
const config = JSON.parse(document.getElementById("chat-config").textContent);
const root = document.getElementById("chat");
const $ = (selector) => root.querySelector(selector);

const STORE_KEY = "hc-chat:conversation";
const RESEND_AFTER_MS = 10_000; // docs: resend an unacked message after ~10 s
const RATE_LIMIT_RETRY_MS = 1_000;
const TYPING_EVERY_MS = 3_000;
const TYPING_IDLE_MS = 4_000;
const TYPING_SHOWN_MS = 6_000; // hide "is typing" if the "stopped" frame never comes
const SUGGEST_DELAY_MS = 300;
const SUGGEST_MIN_CHARS = 3;

const params = new URLSearchParams(window.location.search);
const hosted = window.parent !== window && params.get("host") === "1";

const chat = {
  id: null,
  token: "",
  summary: null,
  socket: null,
  synced: false,
  syncRequested: false,
  // client_id -> {body, sentAt, resend}; survives reloads through the store. `resend`: it went
  // out before (or before a reload), so the server counts it apart from new messages.
  outbox: new Map(),
  files: new Map(), // download path -> blob: URL (files are fetched once, with the token header)
  // client_id -> File[] being uploaded; kept for "Retry" (browsers cannot store files, so an
  // upload still unsent when the page reloads is lost, unlike a text message)
  uploads: new Map(),
  readSent: 0,
  hostOpen: !hosted, // inside the launcher: is its panel open?
  typingSentAt: 0,
  typingIdle: null,
  typingShown: null,
  suggestOff: false,
  suggestTimer: null,
  suggestQuery: "",
  signingIn: null, // the exchange of a signed wallet identity, awaited before a chat starts
  freezeAsked: false, // "Freeze my wallet account" was sent (or refused: already frozen)
};

const log = new MessageLog($("#chat-log"), {
  mine: "customer",
  lang: config.lang,
  strings,
  onRetry: (clientId) => {
    const entry = chat.outbox.get(clientId);
    if (entry) transmit(clientId, entry);
    else if (chat.uploads.has(clientId)) upload(clientId);
  },
  // Fetched with the token header and shown from a blob: URL: no token in any URL.
  fileUrl: (url) => {
    if (!chat.files.has(url)) chat.files.set(url, fileObjectUrl(url, chat.token));
    return chat.files.get(url);
  },
});

// --- Storage: {id, token, outbox} in localStorage, so a reload (or the app's webview coming
// back) resumes the same conversation and still sends what was not acknowledged. -------------
function saveStore() {
  if (!chat.id) return;
  const outbox = [...chat.outbox].map(([clientId, { body }]) => ({ client_id: clientId, body }));
  try {
    localStorage.setItem(STORE_KEY, JSON.stringify({ id: chat.id, token: chat.token, outbox }));
  } catch {
    /* storage disabled: the conversation lives as long as this page */
  }
}

function readStore() {
  try {
    const saved = JSON.parse(localStorage.getItem(STORE_KEY) || "null");
    return saved && Number.isInteger(saved.id) && typeof saved.token === "string" ? saved : null;
  } catch {
    return null;
  }
}

function clearStore() {
  try {
    localStorage.removeItem(STORE_KEY);
  } catch {
    /* nothing stored */
  }
}

// --- Panels -----------------------------------------------------------------------------------
function showPanel(name) {
  root.dataset.panel = name;
  for (const panel of root.querySelectorAll("[data-panel-name]")) {
    panel.hidden = panel.dataset.panelName !== name;
  }
  const inConversation = name === "conversation";
  const closed = chat.summary?.status === "closed";
  $("#chat-composer").hidden = !inConversation || closed;
  $("[data-actions]").hidden = !inConversation || closed;
  $("[data-action=freeze]").hidden = !offerFreeze();
  $("[data-help-actions]").hidden = name !== "help";
  tellHost({ type: "hc-chat:active", active: inConversation && !closed });
}

function setSubtitle(text) {
  $("#chat-subtitle").textContent = text;
}

function showFormError(form, text) {
  const box = form.querySelector(".chat__form-error");
  box.textContent = text;
  box.hidden = !text;
}

/**
 * Mark fields refused by the API and focus the first one. Accepts both ["message"] and Django's
 * get_json_data() shape [{"message": …, "code": …}]; "__all__" goes to the form's error box.
 */
function showFieldErrors(form, fields = {}) {
  for (const old of form.querySelectorAll(".errorlist")) old.remove();
  for (const input of form.querySelectorAll("[aria-invalid]")) {
    input.removeAttribute("aria-invalid");
    input.setAttribute("aria-describedby", input.dataset.describedby || "");
    input.closest(".field")?.classList.remove("field--error");
  }
  let first = null;
  for (const [name, messages] of Object.entries(fields)) {
    const texts = [].concat(messages).map((m) => (typeof m === "object" && m ? m.message : String(m)));
    if (name === "__all__") {
      showFormError(form, texts.join(" "));
      continue;
    }
    const named = form.elements.namedItem(name);
    const input = named instanceof RadioNodeList ? named[0] : named;
    if (!input) continue;
    const field = input.closest(".field, fieldset");
    const list = el("ul", "errorlist");
    list.id = `${input.id}-error`;
    for (const text of texts) list.append(el("li", "", text));
    field.classList.add("field--error");
    field.append(list);
    input.dataset.describedby ??= input.getAttribute("aria-describedby") || "";
    input.setAttribute("aria-invalid", "true");
    input.setAttribute("aria-describedby", `${input.dataset.describedby} ${list.id}`.trim());
    first ??= input;
  }
  first?.focus();
}

/** Browser-side check of required fields and e-mail format, with the browser's own messages. */
function checkForm(form) {
  const fields = {};
  for (const input of form.querySelectorAll("input, select, textarea")) {
    if (input.name && !input.checkValidity()) fields[input.name] = [input.validationMessage];
  }
  showFieldErrors(form, fields);
  return Object.keys(fields).length === 0;
}

function formValues(form) {
  const values = {};
  for (const [name, value] of new FormData(form)) values[name] = String(value).trim();
  return values;
}

function setBusy(form, busy) {
  for (const button of form.querySelectorAll("button")) button.disabled = busy;
}

// --- Launcher bridge (only inside the launcher's iframe) --------------------------------------
function tellHost(message) {
  // Nothing sensitive crosses: open/close, an unread count, whether a chat is in progress. The
  // parent's origin is not known to a cross-origin frame, hence "*"; frame-ancestors limits
  // who can frame us at all.
  if (hosted) window.parent.postMessage(message, "*");
}

function setupHost() {
  if (!hosted) return;
  const minimize = $("#chat-minimize");
  minimize.hidden = false;
  minimize.addEventListener("click", () => tellHost({ type: "hc-chat:minimize" }));
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") tellHost({ type: "hc-chat:minimize" });
  });
  window.addEventListener("message", (event) => {
    if (event.source !== window.parent) return;
    if (event.data?.type === "hc-chat:identity") knownCustomer(String(event.data.identity || ""));
    if (event.data?.type !== "hc-chat:visibility") return;
    chat.hostOpen = Boolean(event.data.open);
    if (chat.hostOpen) markRead();
  });
  tellHost({ type: "hc-chat:ready" });
}

/** Sign the wallet user in (identity.js) and fill their name and e-mail into the forms. */
function knownCustomer(identity) {
  if (!identity) return;
  chat.signingIn = signIn(identity).then((customer) => {
    if (!customer) return;
    for (const form of [$("#chat-start"), $("#chat-leave")]) {
      copyInto(form, { name: customer.name || customer.email, email: customer.email });
    }
  });
}

function isSeen() {
  return chat.hostOpen && document.visibilityState === "visible";
}

// --- Start: availability and FAQ suggestions ---------------------------------------------------
async function showStart() {
  chat.summary = null;
  setSubtitle($("#chat-subtitle").dataset.initial);
  const result = await callApi(`${config.api}/availability`);
  // If availability cannot be read, offer the chat: starting it gives the real answer.
  const available = !result.ok || result.data.available;
  showPanel(available ? "start" : "leave");
}

function scheduleSuggest() {
  if (chat.suggestOff) return;
  clearTimeout(chat.suggestTimer);
  chat.suggestTimer = setTimeout(suggest, SUGGEST_DELAY_MS);
}

async function suggest() {
  const query = $("#chat-start-message").value.trim();
  const box = $("[data-suggest]");
  if (query.length < SUGGEST_MIN_CHARS) {
    box.hidden = true;
    return;
  }
  if (query === chat.suggestQuery) return;
  chat.suggestQuery = query;
  const url = `${config.suggestUrl}?q=${encodeURIComponent(query)}&lang=${encodeURIComponent(config.lang)}&from=widget`;
  const result = await callApi(url);
  if (result.status === 404) {
    chat.suggestOff = true; // the FAQ has no suggestions API here: stop asking
    return;
  }
  if (!result.ok || query !== chat.suggestQuery) return;
  const list = box.querySelector("ul");
  list.replaceChildren();
  for (const article of (result.data.results || []).slice(0, 4)) {
    const url = safeHttpUrl(new URL(article.url, window.location.href).href);
    if (!url) continue;
    const item = el("li");
    const link = el("a", "", article.title);
    link.href = url.href;
    link.target = "_blank"; // the chat stays open beside the article
    link.rel = "noopener noreferrer";
    item.append(link);
    if (article.snippet) item.append(el("p", "", article.snippet));
    list.append(item);
  }
  box.hidden = list.children.length === 0;
}

function pageUrl() {
  const candidate = params.get("page") || document.referrer || window.location.href;
  return safeHttpUrl(candidate)?.href.slice(0, 500) || "";
}

async function startConversation(event) {
  event.preventDefault();
  const form = event.currentTarget;
  showFormError(form, "");
  if (!checkForm(form)) return;
  const values = formValues(form);
  const clientId = newClientId();
  setBusy(form, true);
  await chat.signingIn;
  const result = await callApi(`${config.api}/conversations`, {
    method: "POST",
    body: { ...values, client_id: clientId, page_url: pageUrl(), language: config.lang },
  });
  setBusy(form, false);
  if (result.ok) {
    chat.id = result.data.conversation.id;
    chat.token = result.data.token;
    chat.outbox.clear();
    saveStore();
    log.clear();
    // Already stored by the server; shown at once, replaced by the replayed message.
    log.addPending(clientId, values.message);
    form.reset();
    enterConversation(result.data.conversation);
    return;
  }
  if (result.code === "no_agent_available") {
    copyInto($("#chat-leave"), values);
    showPanel("leave");
    return;
  }
  showApiError(form, result);
}

function copyInto(form, values) {
  for (const [name, value] of Object.entries(values)) {
    const input = form.elements.namedItem(name);
    if (input && value && !input.value) input.value = value;
  }
}

function showApiError(form, result) {
  showFormError(form, errorText(result));
  showFieldErrors(form, result.data.fields);
  // Framed by another site, some browsers withhold our cookies and the server refuses the
  // form (403); the full-page chat in its own window is first-party and works.
  const popout = form.querySelector("[data-popout]");
  if (popout) popout.hidden = !(hosted && result.status === 403);
}

function errorText(result) {
  if (result.status === 0) return strings.network_error;
  if (result.code === "tickets_unavailable") return strings.tickets_unavailable;
  if (result.status === 429) return strings.rate_limited;
  if (result.status === 403 && hosted) return strings.blocked;
  if (result.status === 400 && result.data.fields) return "";
  return strings.error;
}

// --- Leave a message (becomes a ticket) ---------------------------------------------------------
async function leaveMessage(event) {
  event.preventDefault();
  const form = event.currentTarget;
  showFormError(form, "");
  if (!checkForm(form)) return;
  setBusy(form, true);
  const result = await callApi(`${config.api}/leave-message`, {
    method: "POST",
    body: { ...formValues(form), language: config.lang },
    token: chat.token || undefined,
  });
  setBusy(form, false);
  if (!result.ok) {
    showApiError(form, result);
    return;
  }
  // A conversation in progress was attached to the ticket and closed by the server.
  forgetConversation();
  form.reset();
  $("[data-left-text]").textContent = format(strings.ticket_created, {
    reference: result.data.ticket.reference,
  });
  showPanel("left");
}

// --- The conversation ---------------------------------------------------------------------------
function enterConversation(summary) {
  showPanel("conversation");
  applySummary(summary);
  if (summary.status !== "closed") connect();
  $("#chat-input").focus();
}

async function resume(saved) {
  chat.id = saved.id;
  chat.token = saved.token;
  for (const { client_id: clientId, body } of saved.outbox || []) {
    chat.outbox.set(clientId, { body, sentAt: 0, resend: true });
  }
  const result = await callApi(`${config.api}/conversations/${chat.id}`, { token: chat.token });
  if (result.status === 403 || result.status === 404) {
    forgetConversation();
    return showStart();
  }
  if (result.ok && result.data.conversation.status !== "closed") await rotateToken();
  log.clear();
  if (result.ok) {
    for (const message of result.data.messages) {
      log.add(message);
      chat.outbox.delete(message.client_id);
    }
  }
  for (const [clientId, { body }] of chat.outbox) log.addPending(clientId, body);
  showPanel("conversation");
  // Without the history (network trouble) the socket's welcome and replay fill everything in.
  if (result.ok) applySummary(result.data.conversation);
  if (!result.ok || result.data.conversation.status !== "closed") connect();
}

/** A fresh token for this conversation (on a reload): the one stored before stops working, so
 * a token copied from this browser earlier is useless. Other tabs pick it up from the store. */
async function rotateToken() {
  const result = await callApi(`${config.api}/conversations/${chat.id}/token/rotate`, {
    method: "POST",
    body: {},
    token: chat.token,
  });
  if (!result.ok) return;
  chat.token = result.data.token;
  saveStore();
}

/** Another tab rotated the token of the conversation this one shows: use the new one. */
function adoptStoredToken() {
  const saved = readStore();
  if (!saved || saved.id !== chat.id || saved.token === chat.token) return false;
  chat.token = saved.token;
  return true;
}

function connect() {
  chat.socket?.stop();
  // The token goes in the first frame (onSocketOpen), never in the URL: servers log URLs.
  chat.socket = new ReconnectingSocket(() => socketUrl(`/ws/chat/${chat.id}/`), {
    onOpen: onSocketOpen,
    onFrame: onFrame,
    onState: renderConnection,
    onFinal: onSocketFinal,
  });
  chat.socket.start();
}

function onSocketOpen() {
  chat.synced = false;
  chat.socket.send({ type: "auth", token: chat.token });
  requestSync();
}

function onSocketFinal(code) {
  if (code !== 4401) return; // 4000: the conversation frame already showed the closed state
  if (adoptStoredToken()) {
    connect();
    return;
  }
  // The token was ended (the chat closed meanwhile): show the closed state from what we have.
  if (chat.summary) applySummary({ ...chat.summary, status: "closed" });
}

function requestSync() {
  chat.syncRequested = true;
  chat.socket.send({ type: "sync", last_seq: log.lastSeq });
}

function renderConnection(state) {
  const pill = $("#chat-conn");
  pill.dataset.state = state;
  const text = {
    [STATE.CONNECTING]: strings.connecting,
    [STATE.OPEN]: strings.open,
    [STATE.WAITING]: strings.waiting,
    [STATE.OFFLINE]: strings.offline,
    [STATE.CLOSED]: strings.closed,
  }[state];
  pill.textContent = text || "";
}

const handlers = {
  welcome(frame) {
    applySummary(frame.conversation);
  },
  message(frame) {
    if (chat.synced && log.isGap(frame.seq) && !chat.syncRequested) requestSync();
    if (chat.outbox.delete(frame.client_id)) saveStore();
    chat.uploads.delete(frame.client_id);
    if (log.add(frame) && frame.sender.kind !== "customer") {
      hideTyping();
      if (isSeen()) markReadSoon();
      reportUnread();
    }
  },
  ack(frame) {
    if (log.isGap(frame.seq) && !chat.syncRequested) requestSync();
    chat.outbox.delete(frame.client_id);
    saveStore();
    log.acknowledge(frame);
  },
  synced(frame) {
    chat.synced = true;
    chat.syncRequested = false;
    // A replay is capped at 500 messages; ask for the rest.
    if (frame.last_seq > log.lastSeq) requestSync();
    else flushOutbox();
    markRead();
  },
  typing(frame) {
    if (frame.sender.kind === "customer") return;
    if (frame.is_typing) showTyping(frame.sender.name || strings.them);
    else hideTyping();
  },
  read(frame) {
    if (frame.reader === "agent") log.setReadBy(frame.seq);
  },
  conversation(frame) {
    applySummary(frame.conversation);
  },
  queue(frame) {
    renderQueue(frame);
  },
  error(frame) {
    onError(frame);
  },
  pong() {},
};

function onFrame(frame) {
  handlers[frame.type]?.(frame);
}

function applySummary(summary) {
  const previous = chat.summary;
  chat.summary = summary;
  const status = summary.status;
  if (status === "waiting") setSubtitle(strings.subtitle_waiting);
  else if (status === "active") {
    setSubtitle(format(strings.subtitle_active, { name: summary.agent?.name || strings.them }));
  } else setSubtitle(strings.subtitle_closed);
  if (status !== "waiting") {
    $("[data-queue]").hidden = true;
    $("[data-no-agents]").hidden = true;
  }
  log.setReadBy(summary.agent_read_seq || 0);
  // What this customer already read elsewhere (another tab, before a reload) is not unread.
  chat.readSent = Math.max(chat.readSent, summary.customer_read_seq || 0);
  if (status === "closed") {
    hideTyping();
    chat.socket?.stop();
    renderConnection(STATE.IDLE);
    $("[data-after]").hidden = false;
    if (summary.rating) showRated();
    if (previous?.status !== "closed") $("#chat-rating").querySelector("input")?.focus();
  } else {
    $("[data-after]").hidden = true;
  }
  if (root.dataset.panel === "conversation") showPanel("conversation");
}

function renderQueue(frame) {
  if (chat.summary?.status && chat.summary.status !== "waiting") return;
  const queue = $("[data-queue]");
  queue.hidden = !frame.agents_available;
  $("[data-no-agents]").hidden = frame.agents_available;
  if (!frame.agents_available) return;
  const position =
    frame.position <= 1 ? strings.queue_next : format(strings.queue_position, { position: frame.position });
  const minutes = Math.ceil((frame.estimated_wait_seconds || 0) / 60);
  $("[data-queue-position]").textContent = position;
  $("[data-queue-wait]").textContent =
    minutes <= 1 ? strings.queue_wait_short : format(strings.queue_wait, { minutes });
}

function onError(frame) {
  const clientId = frame.client_id;
  switch (frame.code) {
    case "too_long":
    case "empty":
    case "forbidden":
    case "closed":
      if (!clientId) break;
      chat.outbox.delete(clientId);
      saveStore();
      if (frame.code === "empty") log.dropPending(clientId);
      else {
        const reason = frame.code === "too_long" ? strings.too_long : strings.not_sent;
        log.markFailed(clientId, reason, { retry: false });
      }
      break;
    case "rate_limited":
      // Same client id after a pause: stored once whatever happens.
      if (clientId) setTimeout(() => resend(clientId), RATE_LIMIT_RETRY_MS);
      break;
    default:
      // server_error and the rest: the periodic resend tries again with the same client id.
      break;
  }
}

// --- Sending ------------------------------------------------------------------------------------
function send(body) {
  const clientId = newClientId();
  const entry = { body, sentAt: 0 };
  chat.outbox.set(clientId, entry);
  saveStore();
  log.addPending(clientId, body);
  transmit(clientId, entry);
}

function transmit(clientId, entry) {
  if (!chat.synced || !chat.socket?.isOpen) return; // sent after the next sync
  const frame = { type: "message", client_id: clientId, body: entry.body, resend: Boolean(entry.resend) };
  if (chat.socket.send(frame)) {
    entry.sentAt = Date.now();
    entry.resend = true;
  }
}

// --- Files: sent over HTTP as soon as they are chosen; the message comes back as usual ----------
function onFilesChosen(event) {
  const input = event.currentTarget;
  const files = [...input.files];
  input.value = ""; // choosing the same file again is a new message
  if (!files.length || !chat.id) return;
  const problem = checkFiles(files, config, strings);
  if (problem) {
    showComposerHint(problem);
    return;
  }
  const clientId = newClientId();
  chat.uploads.set(clientId, files);
  log.addPending(clientId, "", files);
  upload(clientId);
}

async function upload(clientId) {
  const files = chat.uploads.get(clientId);
  const conversationId = chat.id;
  const result = await uploadFiles(`${config.api}/conversations/${conversationId}/files`, {
    fields: { client_id: clientId, body: "", language: config.lang },
    files,
    token: chat.token,
  });
  if (conversationId !== chat.id) return; // a new chat started meanwhile
  if (result.ok) {
    chat.uploads.delete(clientId);
    log.add(result.data.message); // or already shown by its echo on the socket
    return;
  }
  const failure = uploadFailure(result, strings);
  if (!failure.retry) chat.uploads.delete(clientId);
  log.markFailed(clientId, failure.text, { retry: failure.retry });
}

function resend(clientId) {
  const entry = chat.outbox.get(clientId);
  if (entry) transmit(clientId, entry);
}

function flushOutbox() {
  for (const [clientId, entry] of chat.outbox) transmit(clientId, entry);
}

function resendStale() {
  const now = Date.now();
  for (const [clientId, entry] of chat.outbox) {
    if (entry.sentAt && now - entry.sentAt > RESEND_AFTER_MS) transmit(clientId, entry);
  }
}

function onComposerSubmit(event) {
  event.preventDefault();
  const input = $("#chat-input");
  const body = input.value.trim();
  if (!body) return;
  if (body.length > config.maxBody) {
    showComposerHint(strings.too_long);
    return;
  }
  send(body);
  input.value = "";
  autosize(input);
  stopTyping();
}

function showComposerHint(text) {
  const input = $("#chat-input");
  input.setCustomValidity(text);
  input.reportValidity();
  input.addEventListener("input", () => input.setCustomValidity(""), { once: true });
}

function autosize(textarea) {
  textarea.style.height = "auto";
  textarea.style.height = `${Math.min(textarea.scrollHeight + 2, 128)}px`;
}

// --- Typing and read receipts ---------------------------------------------------------------------
function onComposerInput() {
  autosize($("#chat-input"));
  if (!chat.synced) return;
  const now = Date.now();
  if (now - chat.typingSentAt > TYPING_EVERY_MS) {
    chat.socket.send({ type: "typing", is_typing: true });
    chat.typingSentAt = now;
  }
  clearTimeout(chat.typingIdle);
  chat.typingIdle = setTimeout(stopTyping, TYPING_IDLE_MS);
}

function stopTyping() {
  clearTimeout(chat.typingIdle);
  if (!chat.typingSentAt) return;
  chat.typingSentAt = 0;
  chat.socket?.send({ type: "typing", is_typing: false });
}

function showTyping(name) {
  const line = $("[data-typing]");
  line.textContent = format(strings.typing, { name });
  clearTimeout(chat.typingShown);
  chat.typingShown = setTimeout(hideTyping, TYPING_SHOWN_MS);
}

function hideTyping() {
  clearTimeout(chat.typingShown);
  $("[data-typing]").textContent = "";
}

function markRead() {
  if (!isSeen() || !chat.synced) return;
  const seq = log.lastSeq;
  if (seq > chat.readSent && chat.socket.send({ type: "read", seq })) chat.readSent = seq;
  reportUnread();
}

/** Tell the launcher (badge) and the tab title how many replies are unread. */
function reportUnread() {
  const count = log.countTheirsAfter(chat.readSent);
  tellHost({ type: "hc-chat:unread", count });
  const title = document.title.replace(/^\(\d+\) /, "");
  document.title = count && document.visibilityState === "hidden" ? `(${count}) ${title}` : title;
}

let readTimer = null;
function markReadSoon() {
  clearTimeout(readTimer);
  readTimer = setTimeout(markRead, 250);
}

// --- After the chat -------------------------------------------------------------------------------
/** Ask in the page (a modal <dialog>: focus kept inside, Escape keeps chatting), then end. */
function confirmEnd() {
  const dialog = $("#chat-end-dialog");
  dialog.returnValue = "";
  dialog.addEventListener(
    "close",
    () => {
      if (dialog.returnValue === "end") endChat();
    },
    { once: true },
  );
  dialog.showModal();
  // The safe answer first (set here: browsers block the autofocus attribute in frames).
  dialog.querySelector("[value=keep]").focus();
}

/** "Freeze my wallet account": offered in a chat about a security report (theft,
 * unauthorised payments) until asked once; the outcome arrives as a system line. */
function offerFreeze() {
  const slug = chat.summary?.topic?.slug;
  return (
    !chat.freezeAsked &&
    chat.summary?.status !== "closed" &&
    Boolean(slug) &&
    (config.securityTopics || []).includes(slug)
  );
}

function confirmFreeze() {
  const dialog = $("#chat-freeze-dialog");
  dialog.returnValue = "";
  dialog.addEventListener(
    "close",
    () => {
      if (dialog.returnValue === "freeze") askFreeze();
    },
    { once: true },
  );
  dialog.showModal();
  dialog.querySelector("[value=keep]").focus();
}

async function askFreeze() {
  const result = await callApi(`${config.api}/conversations/${chat.id}/freeze`, {
    method: "POST",
    body: {},
    token: chat.token,
  });
  const status = $("[data-freeze-status]");
  if (result.ok || result.code === "refused") {
    chat.freezeAsked = true;
    $("[data-action=freeze]").hidden = true;
  }
  status.textContent = result.ok ? "" : result.data.message || strings.error;
  status.hidden = !status.textContent;
}

async function endChat() {
  const result = await callApi(`${config.api}/conversations/${chat.id}/close`, {
    method: "POST",
    body: {},
    token: chat.token,
  });
  if (result.ok) applySummary(result.data.conversation);
}

async function rate(event) {
  event.preventDefault();
  const form = event.currentTarget;
  showFormError(form, "");
  if (!checkForm(form)) return;
  const values = formValues(form);
  setBusy(form, true);
  const result = await callApi(`${config.api}/conversations/${chat.id}/rating`, {
    method: "POST",
    body: { score: Number(values.score), comment: values.comment || "" },
    token: chat.token,
  });
  setBusy(form, false);
  if (!result.ok) {
    showApiError(form, result);
    return;
  }
  chat.summary = result.data.conversation;
  showRated();
}

function showRated() {
  $("#chat-rating").hidden = true;
  const done = $("[data-rating-done]");
  done.textContent = strings.rating_thanks;
  done.hidden = false;
}

async function requestTranscript(event) {
  event.preventDefault();
  const form = event.currentTarget;
  showFormError(form, "");
  if (!checkForm(form)) return;
  const { email } = formValues(form);
  setBusy(form, true);
  const result = await callApi(`${config.api}/conversations/${chat.id}/transcript`, {
    method: "POST",
    body: email ? { email } : {},
    token: chat.token,
  });
  setBusy(form, false);
  if (!result.ok) {
    showApiError(form, result);
    return;
  }
  form.hidden = true;
  const done = $("[data-transcript-done]");
  done.textContent = strings.transcript_sent;
  done.hidden = false;
}

function forgetConversation() {
  chat.socket?.stop();
  chat.socket = null;
  chat.id = null;
  chat.token = "";
  chat.summary = null;
  chat.synced = false;
  chat.readSent = 0;
  chat.outbox.clear();
  chat.uploads.clear();
  for (const url of chat.files.values()) url.then((src) => src && URL.revokeObjectURL(src));
  chat.files.clear();
  clearStore();
  log.clear();
  for (const form of [$("#chat-rating"), $("#chat-transcript")]) {
    form.reset();
    form.hidden = false;
  }
  $("[data-rating-done]").hidden = true;
  $("[data-transcript-done]").hidden = true;
  renderConnection(STATE.IDLE);
}

// --- Wiring ---------------------------------------------------------------------------------------
function wire() {
  $("#chat-subtitle").dataset.initial = $("#chat-subtitle").textContent;
  $("#chat-start").addEventListener("submit", startConversation);
  $("#chat-start-message").addEventListener("input", scheduleSuggest);
  $("#chat-leave").addEventListener("submit", leaveMessage);
  $("#chat-composer").addEventListener("submit", onComposerSubmit);
  $("#chat-input").addEventListener("input", onComposerInput);
  $("#chat-input").addEventListener("blur", stopTyping);
  $("#chat-file").addEventListener("change", onFilesChosen);
  $("#chat-input").addEventListener("keydown", (event) => {
    // Enter sends, Shift+Enter makes a new line; not while an IME is composing Chinese.
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      $("#chat-composer").requestSubmit();
    }
  });
  $("#chat-rating").addEventListener("submit", rate);
  $("#chat-transcript").addEventListener("submit", requestTranscript);
  root.addEventListener("click", (event) => {
    const action = event.target.closest("[data-action]")?.dataset.action;
    if (action === "end") confirmEnd();
    else if (action === "freeze") confirmFreeze();
    else if (action === "attach") $("#chat-file").click();
    else if (action === "leave") {
      copyInto($("#chat-leave"), { name: chat.summary?.customer_name || "" });
      showPanel("leave");
    } else if (action === "restart") {
      forgetConversation();
      showStart();
    }
  });
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") markRead();
  });
  window.addEventListener("focus", markRead);
  window.addEventListener("storage", (event) => {
    if (event.key === STORE_KEY && chat.id) adoptStoredToken();
  });
  setInterval(resendStale, RESEND_AFTER_MS / 2);
}

async function boot() {
  wire();
  setupHost();
  knownCustomer(identityFromFragment());
  const saved = readStore();
  // Mid-chat customers go straight back to their conversation; others first see the help.
  if (saved) await resume(saved);
  else if (config.openConversation) await resume({ id: config.openConversation, token: "" });
  else if (config.helpFirst) await help.show();
  else await showStart();
}

const help = setupHelp({
  root,
  config,
  strings,
  showPanel,
  autofocus: hosted,
  onChat: (query) => {
    copyInto($("#chat-start"), { message: query });
    copyInto($("#chat-leave"), { message: query });
    return showStart();
  },
  onRequest: (query) => {
    copyInto($("#chat-leave"), { message: query });
    showPanel("leave");
  },
});

boot();
