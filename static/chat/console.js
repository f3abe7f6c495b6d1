// The agents' chat console (templates/chat/console.html): status, the live queue, my chats, several
// conversations open as tabs, canned replies, customer context, transfer / convert / close, and a
// sound plus a browser notification for new chats and messages, files (the paperclip). Wire
// format: docs/chat-protocol.md (agent socket /ws/agent/ and the JSON API).

import { callApi, socketUrl, uploadFiles } from "./api.js";
import { checkFiles, uploadFailure } from "./files.js";
import { MessageLog } from "./log.js";
import { ReconnectingSocket, STATE } from "./socket.js";
import { el, format, newClientId, safeHttpUrl } from "./text.js";

const strings = JSON.parse(document.getElementById("cc-strings").textContent);
const config = JSON.parse(document.getElementById("cc-config").textContent);
const byId = (id) => document.getElementById(id);

const RESEND_AFTER_MS = 10_000;
const RATE_LIMIT_RETRY_MS = 1_000;
const TYPING_EVERY_MS = 3_000;
const TYPING_IDLE_MS = 4_000;
const TYPING_SHOWN_MS = 6_000;
const CANNED_DELAY_MS = 250;

const state = {
  me: null, // {id, name, status, capacity, active_chats}
  queue: [],
  mine: new Map(), // conversation id -> summary, my active chats
  views: new Map(), // conversation id -> ConversationView (open tabs)
  current: null, // id of the visible tab
  seenQueue: null, // queue ids already announced (null until the first list)
  joined: new Set(), // chats a supervisor joined beside their agent (supervise.js)
  socket: null,
};

// --- Notifications ----------------------------------------------------------------------------
const sound = new Audio(config.sound);
sound.preload = "auto";

function notify(title, body, conversationId) {
  sound.currentTime = 0;
  // Autoplay can be refused until the agent has interacted with the page; that is harmless.
  sound.play().catch(() => {});
  announce(`${title}: ${body}`);
  if (!("Notification" in window) || Notification.permission !== "granted") return;
  if (document.visibilityState === "visible" && document.hasFocus()) return;
  const notification = new Notification(title, { body: body.slice(0, 140), tag: `chat-${conversationId}` });
  notification.addEventListener("click", () => {
    window.focus();
    if (conversationId) openView(conversationId);
    notification.close();
  });
}

function announce(text) {
  byId("cc-announcer").textContent = text;
}

function setupNotificationButton() {
  const button = byId("cc-notify");
  if (!("Notification" in window) || Notification.permission !== "default") return;
  button.hidden = false;
  button.addEventListener("click", async () => {
    await Notification.requestPermission();
    button.hidden = Notification.permission === "default";
  });
}

// --- One open conversation (a tab and its pane) -------------------------------------------------
class ConversationView {
  constructor(summary) {
    this.id = summary.id;
    this.summary = summary;
    this.outbox = new Map();
    this.uploads = new Map(); // client id -> File[] being uploaded (kept for "Retry")
    this.synced = false;
    this.syncRequested = false;
    this.readSent = summary.agent_read_seq || 0;
    this.contextLoaded = false;
    this.typingSentAt = 0;
    this.typingIdle = null;
    this.typingShown = null;
    this.cannedTimer = null;

    const pane = byId("cc-pane-template").content.firstElementChild.cloneNode(true);
    const prefix = `cc-${this.id}`;
    pane.id = `${prefix}-pane`;
    for (const label of pane.querySelectorAll("[data-label-for]")) {
      label.htmlFor = `${prefix}-${label.dataset.labelFor}`;
      pane.querySelector(`[data-f="${label.dataset.labelFor}"]`).id = label.htmlFor;
    }
    this.pane = pane;
    // Who else has this chat open (static/workspace/presence.js follows every tab's line).
    pane.querySelector("[data-presence-subject]").dataset.presenceSubject = `chat:${this.id}`;
    this.f = (name) => pane.querySelector(`[data-f="${name}"]`);
    this.log = new MessageLog(pane.querySelector(".chat-log"), {
      mine: "agent",
      lang: config.lang,
      strings,
      onRetry: (clientId) => (this.uploads.has(clientId) ? this.upload(clientId) : this.transmit(clientId)),
    });

    this.tab = el("div", "cc-tab");
    this.tabButton = el("button", "cc-tab__button");
    this.tabButton.type = "button";
    this.tabButton.id = `${prefix}-tab`;
    this.tabButton.setAttribute("role", "tab");
    this.tabButton.setAttribute("aria-controls", pane.id);
    this.tabLabel = el("span", "cc-tab__label");
    this.tabBadge = el("span", "badge badge--red");
    this.tabButton.append(this.tabLabel, this.tabBadge);
    const closeTab = el("button", "cc-tab__close", "×");
    closeTab.type = "button";
    closeTab.setAttribute("aria-label", strings.close_tab);
    this.tab.append(this.tabButton, closeTab);
    pane.setAttribute("aria-labelledby", this.tabButton.id);

    this.tabButton.addEventListener("click", () => activate(this.id));
    closeTab.addEventListener("click", () => closeView(this.id));
    pane.addEventListener("click", (event) => this.onAction(event));
    this.f("composer").addEventListener("submit", (event) => this.onSubmit(event));
    const input = this.f("input");
    input.addEventListener("input", () => this.onInput());
    input.addEventListener("blur", () => this.stopTyping());
    this.f("file").addEventListener("change", (event) => this.onFilesChosen(event));
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.f("composer").requestSubmit();
      }
    });
    this.f("canned").addEventListener("keydown", (event) => {
      if (event.key !== "Escape") return;
      this.toggleCanned(this.pane.querySelector('[data-action="canned"]'));
      this.f("input").focus();
    });
    this.f("canned-q").addEventListener("input", () => {
      clearTimeout(this.cannedTimer);
      this.cannedTimer = setTimeout(() => this.loadCanned(), CANNED_DELAY_MS);
    });
    byId("cc-tabs").append(this.tab);
    byId("cc-panes").append(pane);
    this.apply(summary);
  }

  get mineNow() {
    const joined = state.joined.has(this.summary.id);
    return this.summary.status === "active" && (this.summary.agent?.id === state.me?.id || joined);
  }

  get unread() {
    return this.log.countTheirsAfter(this.readSent);
  }

  apply(summary) {
    this.summary = summary;
    const name = summary.customer_name || strings.them;
    this.tabLabel.textContent = name;
    this.f("name").textContent = name;
    this.f("topic").textContent = topicName(summary.topic);
    this.f("status").textContent = strings[`status_${summary.status}`] || summary.status;
    this.f("agent").textContent = summary.agent?.name || "";
    if (summary.ticket_reference) this.notice(format(strings.converted, { reference: summary.ticket_reference }));
    this.log.setReadBy(summary.customer_read_seq || 0);
    const mine = this.mineNow;
    this.pane.dataset.mine = String(mine); // supervise.js offers watch / join / take over
    this.pane.dataset.status = summary.status;
    this.pane.dataset.conversation = String(summary.id);
    const show = (action, visible) => {
      this.pane.querySelector(`[data-action="${action}"]`).hidden = !visible;
    };
    show("accept", summary.status === "waiting");
    show("transfer", mine);
    show("close", mine);
    show("convert", summary.status !== "waiting" && !summary.ticket_reference);
    this.f("composer").hidden = !mine;
    // Why the chat left me (unassigned) stays shown over the generic read-only line.
    const told = this.f("notice").dataset.kind === "unassigned";
    if (!mine && summary.status !== "closed" && !told) this.notice(strings.read_only, { keep: true });
    else if (mine && this.f("notice").dataset.kind === "read_only") this.notice("");
    if (summary.status === "closed") this.hideTyping();
    this.renderBadge();
  }

  notice(text, { keep = false } = {}) {
    const box = this.f("notice");
    box.textContent = text;
    box.hidden = !text;
    box.dataset.kind = keep ? "read_only" : "";
  }

  renderBadge() {
    const unread = this.unread;
    this.tabBadge.textContent = unread ? String(unread) : "";
    this.tabBadge.hidden = unread === 0;
    this.tabBadge.setAttribute("aria-label", format(strings.unread, { count: unread }));
    renderMine();
  }

  sync() {
    this.syncRequested = true;
    state.socket.send({ type: "sync", conversation: this.id, last_seq: this.log.lastSeq });
  }

  onFrame(frame) {
    switch (frame.type) {
      case "message": {
        if (this.synced && this.log.isGap(frame.seq) && !this.syncRequested) this.sync();
        this.outbox.delete(frame.client_id);
        this.uploads.delete(frame.client_id);
        const isNew = this.log.add(frame);
        if (isNew && frame.sender.kind === "customer") {
          this.hideTyping();
          if (this.synced && !this.isSeen()) {
            const text = frame.body || frame.attachments.map((file) => file.name).join(", ");
            notify(format(strings.notify_new_message, { name: frame.sender.name }), text, this.id);
          }
          this.markRead();
          this.renderBadge();
        }
        break;
      }
      case "ack":
        if (this.log.isGap(frame.seq) && !this.syncRequested) this.sync();
        this.outbox.delete(frame.client_id);
        this.log.acknowledge(frame);
        break;
      case "synced":
        this.synced = true;
        this.syncRequested = false;
        if (frame.last_seq > this.log.lastSeq) this.sync();
        else this.flush();
        this.markRead();
        this.renderBadge();
        break;
      case "typing":
        if (frame.sender.kind !== "customer") break;
        if (frame.is_typing) this.showTyping(frame.sender.name || strings.them);
        else this.hideTyping();
        break;
      case "read":
        if (frame.reader === "customer") this.log.setReadBy(frame.seq);
        break;
      case "error":
        this.onError(frame);
        break;
      default:
        break;
    }
  }

  onError(frame) {
    const clientId = frame.client_id;
    if (frame.code === "rate_limited" && clientId) {
      setTimeout(() => this.transmit(clientId), RATE_LIMIT_RETRY_MS);
    } else if (frame.code === "not_found") {
      closeView(this.id);
    } else if (["too_long", "empty", "forbidden", "closed"].includes(frame.code) && clientId) {
      this.outbox.delete(clientId);
      const reason = frame.code === "too_long" ? strings.too_long : strings.not_sent;
      this.log.markFailed(clientId, reason, { retry: false });
    } else if (frame.code === "forbidden") {
      this.notice(strings.forbidden);
    }
  }

  isSeen() {
    return state.current === this.id && document.visibilityState === "visible" && document.hasFocus();
  }

  markRead() {
    if (!this.synced || !this.mineNow || !this.isSeen()) return;
    const seq = this.log.lastSeq;
    if (seq > this.readSent && state.socket.send({ type: "read", conversation: this.id, seq })) {
      this.readSent = seq;
      this.renderBadge();
    }
  }

  onSubmit(event) {
    event.preventDefault();
    const input = this.f("input");
    const body = input.value.trim();
    if (!body) return;
    if (body.length > config.maxBody) {
      input.setCustomValidity(strings.too_long);
      input.reportValidity();
      input.addEventListener("input", () => input.setCustomValidity(""), { once: true });
      return;
    }
    const clientId = newClientId();
    this.outbox.set(clientId, { body, sentAt: 0 });
    this.log.addPending(clientId, body);
    this.transmit(clientId);
    input.value = "";
    autosize(input);
    this.stopTyping();
  }

  onFilesChosen(event) {
    const input = event.currentTarget;
    const files = [...input.files];
    input.value = ""; // choosing the same file again is a new message
    if (!files.length) return;
    const problem = checkFiles(files, config, strings);
    if (problem) {
      this.notice(problem);
      return;
    }
    const clientId = newClientId();
    this.uploads.set(clientId, files);
    this.log.addPending(clientId, "", files);
    this.upload(clientId);
  }

  /** Files go over HTTP (the session authenticates); the message comes back as usual. */
  async upload(clientId) {
    const result = await uploadFiles(`${config.api}/conversations/${this.id}/files`, {
      fields: { client_id: clientId, body: "", language: config.lang },
      files: this.uploads.get(clientId),
    });
    if (result.ok) {
      this.uploads.delete(clientId);
      this.log.add(result.data.message); // or already shown by its echo on the socket
      return;
    }
    const failure = uploadFailure(result, strings);
    if (!failure.retry) this.uploads.delete(clientId);
    this.log.markFailed(clientId, failure.text, { retry: failure.retry });
  }

  transmit(clientId) {
    const entry = this.outbox.get(clientId);
    if (!entry || !this.synced || !state.socket.isOpen) return;
    const frame = { type: "message", conversation: this.id, client_id: clientId, body: entry.body };
    if (state.socket.send(frame)) entry.sentAt = Date.now();
  }

  flush() {
    for (const clientId of this.outbox.keys()) this.transmit(clientId);
  }

  resendStale(now) {
    for (const [clientId, entry] of this.outbox) {
      if (entry.sentAt && now - entry.sentAt > RESEND_AFTER_MS) this.transmit(clientId);
    }
  }

  onInput() {
    autosize(this.f("input"));
    if (!this.synced || !this.mineNow) return;
    const now = Date.now();
    if (now - this.typingSentAt > TYPING_EVERY_MS) {
      state.socket.send({ type: "typing", conversation: this.id, is_typing: true });
      this.typingSentAt = now;
    }
    clearTimeout(this.typingIdle);
    this.typingIdle = setTimeout(() => this.stopTyping(), TYPING_IDLE_MS);
  }

  stopTyping() {
    clearTimeout(this.typingIdle);
    if (!this.typingSentAt) return;
    this.typingSentAt = 0;
    state.socket.send({ type: "typing", conversation: this.id, is_typing: false });
  }

  showTyping(name) {
    this.f("typing").textContent = format(strings.typing, { name });
    clearTimeout(this.typingShown);
    this.typingShown = setTimeout(() => this.hideTyping(), TYPING_SHOWN_MS);
  }

  hideTyping() {
    clearTimeout(this.typingShown);
    this.f("typing").textContent = "";
  }

  async onAction(event) {
    const button = event.target.closest("[data-action]");
    if (!button || !this.pane.contains(button)) return;
    const action = button.dataset.action;
    if (action === "accept") accept(this.id);
    else if (action === "transfer") openTransfer(this);
    else if (action === "close") this.close();
    else if (action === "convert") this.convert(button);
    else if (action === "context") {
      const open = this.pane.classList.toggle("cc-pane--context");
      button.setAttribute("aria-expanded", String(open));
    } else if (action === "canned") this.toggleCanned(button);
    else if (action === "attach") this.f("file").click();
  }

  /** Ask in the page (a modal <dialog>), then close. */
  close() {
    const dialog = byId("cc-close");
    dialog.returnValue = "";
    dialog.addEventListener(
      "close",
      () => {
        if (dialog.returnValue === "close") this.closeNow();
      },
      { once: true },
    );
    dialog.showModal();
  }

  async closeNow() {
    const result = await callApi(`${config.api}/conversations/${this.id}/close`, { method: "POST", body: {} });
    if (result.ok) updateSummary(result.data.conversation);
    else this.notice(apiError(result));
  }

  async convert(button) {
    button.disabled = true;
    const result = await callApi(`${config.api}/conversations/${this.id}/convert`, { method: "POST", body: {} });
    button.disabled = false;
    if (!result.ok) {
      this.notice(apiError(result));
      return;
    }
    updateSummary(result.data.conversation);
    this.notice(format(strings.converted, { reference: result.data.ticket.reference }));
  }

  toggleCanned(button) {
    const box = this.f("canned");
    box.hidden = !box.hidden;
    button.setAttribute("aria-expanded", String(!box.hidden));
    if (!box.hidden) {
      this.loadCanned();
      this.f("canned-q").focus();
    }
  }

  async loadCanned() {
    const query = this.f("canned-q").value.trim();
    // Replies go to the customer, so canned text comes in the conversation's language.
    const params = new URLSearchParams({ q: query, language: this.summary.language });
    const result = await callApi(`${config.api}/canned?${params}`);
    const list = this.f("canned-list");
    list.replaceChildren();
    for (const reply of result.ok ? result.data.canned : []) {
      const text = this.fillCanned(reply.body);
      const button = el("button", "cc-canned__item");
      button.type = "button";
      button.append(el("strong", "", reply.title), el("span", "", text));
      button.addEventListener("click", () => {
        const input = this.f("input");
        input.value = input.value ? `${input.value} ${text}` : text;
        this.f("canned").hidden = true;
        this.pane.querySelector('[data-action="canned"]').setAttribute("aria-expanded", "false");
        autosize(input);
        input.focus();
      });
      const item = el("li");
      item.append(button);
      list.append(item);
    }
    if (!list.children.length) list.append(el("li", "small muted", strings.no_canned));
  }

  /** The placeholders tickets' canned responses use; unknown ones stay as typed. */
  fillCanned(body) {
    return format(body, {
      customer_name: this.summary.customer_name,
      agent_name: state.me?.name || "",
      reference: this.summary.ticket_reference || "",
      category: this.summary.topic?.name || "",
    });
  }

  async loadContext() {
    if (this.contextLoaded) return;
    this.contextLoaded = true;
    this.f("ctx-security").href = `${config.security}${this.id}/`;
    const result = await callApi(`${config.api}/conversations/${this.id}/context`);
    if (!result.ok) {
      this.contextLoaded = false;
      return;
    }
    const { customer, previous_conversations: chats, tickets } = result.data;
    this.f("ctx-name").textContent = customer.name || strings.none;
    this.f("ctx-email").textContent = customer.email || strings.none;
    this.f("ctx-language").textContent = config.languages[customer.language] || customer.language;
    const page = this.f("ctx-page");
    page.replaceChildren();
    const pageUrl = safeHttpUrl(customer.page_url || "");
    if (pageUrl) {
      const link = el("a", "", customer.page_url);
      link.href = pageUrl.href;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      page.append(link);
    } else page.textContent = strings.none;
    const account = customer.wallet_user ? "wallet_user" : customer.is_registered ? "registered" : "guest";
    this.f("ctx-account").textContent = strings[account];
    this.f("ctx-account").className = customer.wallet_user ? "badge badge--green" : "";
    const chatList = this.f("ctx-chats");
    chatList.replaceChildren(
      ...chats.map((c) => {
        const date = new Date(c.created_at).toLocaleDateString(config.lang);
        const text = `${date} · ${topicName(c.topic)} · ${strings[`status_${c.status}`] || c.status}`;
        const rating = c.rating ? ` · ${"★".repeat(c.rating.score)}` : "";
        return el("li", "", text + rating);
      }),
    );
    if (!chats.length) chatList.append(el("li", "muted", strings.none));
    const ticketList = this.f("ctx-tickets");
    ticketList.replaceChildren(...tickets.map((t) => el("li", "", `${t.reference} · ${t.subject} · ${t.status}`)));
    if (!tickets.length) ticketList.append(el("li", "muted", strings.none));
  }

  remove() {
    this.tab.remove();
    this.pane.remove();
  }
}

/** A topic's name in the console's language (frames may carry another language's). */
function topicName(topic) {
  if (!topic) return strings.no_topic;
  return config.topics[topic.slug] || topic.name;
}

function autosize(textarea) {
  textarea.style.height = "auto";
  textarea.style.height = `${Math.min(textarea.scrollHeight + 2, 160)}px`;
}

function apiError(result) {
  if (result.code && strings[result.code]) return strings[result.code];
  return strings.error;
}

// --- Tabs ---------------------------------------------------------------------------------------
/**
 * Open (or find) the tab of conversation `id` and start receiving it. `focus` is for the
 * agent's own clicks; a tab the server opens (assignment, reconnect) never steals the focus
 * from a reply being typed elsewhere.
 */
function openView(id, summary = null, { focus = true } = {}) {
  let view = state.views.get(id);
  if (!view) {
    const known = summary || state.mine.get(id) || state.queue.find((item) => item.id === id);
    if (!known) return null;
    view = new ConversationView(known);
    state.views.set(id, view);
    if (state.socket.isOpen) view.sync();
  }
  if (focus || state.current === null) activate(id, { focus });
  else activate(state.current, { focus: false }); // marks the new tab as not selected
  return view;
}

// The staff inbox links a chat as `#conversation-<id>`: open it once the socket has said which
// chats are mine and which wait (a chat that is neither is not this agent's to open).
function openLinkedConversation() {
  const match = /^#conversation-(\d+)$/.exec(window.location.hash);
  if (!match) return;
  history.replaceState(null, "", window.location.pathname + window.location.search);
  const id = Number(match[1]);
  // A colleague's live chat: a supervisor watches it (the server answers `supervising`).
  if (!openView(id) && config.supervisor) state.socket.send({ type: "supervise", conversation: id, action: "watch" });
}

function activate(id, { focus = true } = {}) {
  state.current = id;
  for (const [viewId, view] of state.views) {
    const selected = viewId === id;
    view.pane.hidden = !selected;
    view.tabButton.setAttribute("aria-selected", String(selected));
    view.tabButton.tabIndex = selected ? 0 : -1;
  }
  byId("cc-placeholder").hidden = state.views.size > 0;
  const view = state.views.get(id);
  if (view) {
    view.loadContext();
    view.markRead();
    if (focus && !view.f("composer").hidden) view.f("input").focus();
  }
  renderMine();
}

function closeView(id) {
  const view = state.views.get(id);
  if (!view) return;
  // My active chats stay subscribed (the server keeps them); a preview stops listening.
  if (!state.mine.has(id)) state.socket.send({ type: "unsubscribe", conversation: id });
  view.remove();
  state.views.delete(id);
  const next = [...state.views.keys()].at(-1) ?? null;
  if (state.current === id) activate(next, { focus: false });
  byId("cc-placeholder").hidden = state.views.size > 0;
}

function onTabKeys(event) {
  if (!["ArrowLeft", "ArrowRight", "Home", "End"].includes(event.key)) return;
  const ids = [...state.views.keys()];
  if (!ids.length) return;
  let index = ids.indexOf(state.current);
  if (event.key === "ArrowLeft") index = (index - 1 + ids.length) % ids.length;
  else if (event.key === "ArrowRight") index = (index + 1) % ids.length;
  else if (event.key === "Home") index = 0;
  else index = ids.length - 1;
  event.preventDefault();
  activate(ids[index]);
  state.views.get(ids[index]).tabButton.focus();
}

// --- Lists ----------------------------------------------------------------------------------------
function waitedText(iso) {
  const minutes = Math.floor((Date.now() - new Date(iso).getTime()) / 60_000);
  return minutes < 1 ? strings.waiting_now : format(strings.waiting_since, { minutes });
}

function renderQueue() {
  const list = byId("cc-queue");
  list.replaceChildren(
    ...state.queue.map((item) => {
      const li = el("li", "cc-item");
      li.dataset.conversation = String(item.id);
      const who = el("div", "cc-item__who");
      who.append(el("strong", "", item.customer_name || strings.them));
      who.append(el("span", "small muted", `${topicName(item.topic)} · ${waitedText(item.queued_at)}`));
      if (item.preview) who.append(el("span", "cc-item__preview", item.preview));
      const actions = el("div", "cc-item__actions");
      if (item.unread) actions.append(el("span", "badge badge--red", String(item.unread)));
      const view = el("button", "btn btn--secondary btn--small", strings.open_chat);
      view.type = "button";
      view.addEventListener("click", () => openView(item.id, item));
      const take = el("button", "btn btn--small", strings.accept);
      take.type = "button";
      take.addEventListener("click", () => accept(item.id));
      actions.append(view, take);
      li.append(who, actions);
      return li;
    }),
  );
  byId("cc-queue-count").textContent = String(state.queue.length);
  byId("cc-queue-empty").hidden = state.queue.length > 0;
}

function renderMine() {
  const list = byId("cc-mine");
  const items = [...state.mine.values()].map((summary) => {
    const li = el("li", "cc-item");
    const button = el("button", "cc-item__open");
    button.type = "button";
    if (state.current === summary.id) button.setAttribute("aria-current", "true");
    button.append(el("strong", "", summary.customer_name || strings.them));
    button.append(el("span", "small muted", topicName(summary.topic)));
    const unread = state.views.get(summary.id)?.unread || 0;
    if (unread) {
      const badge = el("span", "badge badge--red", String(unread));
      badge.setAttribute("aria-label", format(strings.unread, { count: unread }));
      button.append(badge);
    }
    button.addEventListener("click", () => openView(summary.id));
    li.append(button);
    return li;
  });
  list.replaceChildren(...items);
  byId("cc-mine-count").textContent = String(state.mine.size);
  byId("cc-mine-empty").hidden = state.mine.size > 0;
  const total = [...state.views.values()].reduce((sum, view) => sum + view.unread, 0);
  document.title = document.title.replace(/^\(\d+\) /, "");
  if (total) document.title = `(${total}) ${document.title}`;
}

function renderMe() {
  const me = state.me;
  if (!me) return;
  byId("cc-status").disabled = false;
  const radio = byId(`cc-status-${me.status}`);
  if (radio) radio.checked = true;
  byId("cc-load").textContent = format(strings.load, { active: me.active_chats, capacity: me.capacity });
}

// --- Frames -----------------------------------------------------------------------------------------
function updateSummary(summary) {
  const mine = summary.status === "active" && summary.agent?.id === state.me?.id;
  if (mine) state.mine.set(summary.id, summary);
  else state.mine.delete(summary.id);
  state.views.get(summary.id)?.apply(summary);
  renderMine();
}

function setQueue(queue) {
  const fresh = queue.filter((item) => state.seenQueue && !state.seenQueue.has(item.id));
  state.queue = queue;
  state.seenQueue = new Set(queue.map((item) => item.id));
  renderQueue();
  for (const item of fresh) {
    notify(strings.notify_new_chat, `${item.customer_name}: ${item.preview || ""}`, item.id);
  }
  for (const item of queue) state.views.get(item.id)?.apply(item);
}

const handlers = {
  welcome(frame) {
    state.me = frame.agent;
    renderMe();
    state.mine = new Map(frame.conversations.map((c) => [c.id, c]));
    setQueue(frame.queue);
    // Tabs already open (a reconnect) resume after what they show; my other chats get a tab.
    for (const view of state.views.values()) {
      view.synced = false;
      view.apply(state.mine.get(view.id) || view.summary);
      view.sync();
    }
    for (const summary of frame.conversations) {
      if (!state.views.has(summary.id)) openView(summary.id, summary, { focus: false });
    }
    renderMine();
    openLinkedConversation();
  },
  queue_update(frame) {
    setQueue(frame.queue);
  },
  conversation(frame) {
    updateSummary(frame.conversation);
  },
  assigned(frame) {
    const summary = frame.conversation;
    state.mine.set(summary.id, summary);
    let view = state.views.get(summary.id);
    if (view) {
      view.apply(summary);
      view.sync();
    } else {
      view = openView(summary.id, summary, { focus: false });
    }
    if (frame.from_agent) {
      view.notice(format(strings.transferred_to_you, { name: frame.from_agent.name }));
      if (frame.note) view.notice(`${view.f("notice").textContent} ${format(strings.note, { note: frame.note })}`);
      notify(format(strings.transferred_to_you, { name: frame.from_agent.name }), frame.note || summary.customer_name, summary.id);
    }
    renderMine();
  },
  supervising(frame) {
    // A supervisor watches (read-only) or joins a colleague's chat (docs/chat-protocol.md §4.5).
    const summary = frame.conversation;
    if (frame.mode === "join") state.joined.add(summary.id);
    const view = state.views.get(summary.id) || openView(summary.id, summary);
    view.apply(summary);
    if (view.synced) view.sync();
    activate(summary.id);
  },
  unassigned(frame) {
    state.mine.delete(frame.conversation);
    state.joined.delete(frame.conversation);
    const view = state.views.get(frame.conversation);
    if (view) {
      view.apply({ ...view.summary, agent: null, status: frame.reason === "closed" ? "closed" : view.summary.status });
      view.notice(strings[`unassigned_${frame.reason}`] || "");
      view.f("notice").dataset.kind = "unassigned";
    }
    renderMine();
  },
  agent_status(frame) {
    state.me = { ...state.me, status: frame.status, active_chats: frame.active_chats };
    renderMe();
  },
  pong() {},
};

function onFrame(frame) {
  // Other modules of the page (presence.js, supervise.js) share this socket.
  document.dispatchEvent(new CustomEvent("agent-socket:frame", { detail: frame }));
  if (handlers[frame.type]) {
    handlers[frame.type](frame);
    return;
  }
  const view = state.views.get(frame.conversation);
  if (view) view.onFrame(frame);
  else if (frame.type === "error") announce(apiError({ code: frame.code }));
}

function renderConnection(socketState) {
  const pill = byId("cc-conn");
  pill.dataset.state = socketState;
  pill.textContent =
    {
      [STATE.CONNECTING]: strings.connecting,
      [STATE.OPEN]: strings.open,
      [STATE.WAITING]: strings.waiting,
      [STATE.OFFLINE]: strings.offline,
      [STATE.CLOSED]: strings.closed,
    }[socketState] || "";
  if (socketState !== STATE.OPEN) {
    for (const view of state.views.values()) view.synced = false;
  }
}

// --- Actions ------------------------------------------------------------------------------------------
async function accept(id) {
  // The tab opens at once (read-only until the server agrees), so the click has a visible effect.
  openView(id);
  const result = await callApi(`${config.api}/conversations/${id}/accept`, { method: "POST", body: {} });
  if (!result.ok) {
    announce(apiError(result));
    state.views.get(id)?.notice(apiError(result));
    return;
  }
  const summary = result.data.conversation;
  state.mine.set(id, summary);
  const view = state.views.get(id) || openView(id, summary);
  view.apply(summary);
  activate(id);
}

async function setStatus(status) {
  const result = await callApi(`${config.api}/agent/status`, { method: "POST", body: { status } });
  if (result.ok) state.me = result.data.agent;
  else announce(apiError(result));
  renderMe();
}

let transferFrom = null;

async function openTransfer(view) {
  transferFrom = view;
  const dialog = byId("cc-transfer");
  const select = byId("cc-transfer-agent");
  const form = byId("cc-transfer-form");
  form.reset();
  form.querySelector(".chat__form-error").hidden = true;
  select.replaceChildren();
  const result = await callApi(`${config.api}/agents`);
  const agents = result.ok ? result.data.agents.filter((a) => a.id !== state.me.id) : [];
  for (const agent of agents) {
    const option = el(
      "option",
      "",
      `${format(strings.agent_option, { name: agent.name, active: agent.active_chats, capacity: agent.capacity })} · ${strings[`agent_${agent.status}`] || agent.status}`,
    );
    option.value = String(agent.id);
    option.disabled = agent.status !== "online";
    select.append(option);
  }
  const firstOnline = agents.find((a) => a.status === "online");
  if (firstOnline) select.value = String(firstOnline.id);
  else {
    const error = form.querySelector(".chat__form-error");
    error.textContent = strings.no_agents;
    error.hidden = false;
  }
  dialog.showModal();
}

async function submitTransfer(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const view = transferFrom;
  const toAgent = Number(byId("cc-transfer-agent").value);
  if (!view || !toAgent) return;
  const note = byId("cc-transfer-note").value.trim();
  const result = await callApi(`${config.api}/conversations/${view.id}/transfer`, {
    method: "POST",
    body: { to_agent: toAgent, note },
  });
  if (!result.ok) {
    const error = form.querySelector(".chat__form-error");
    error.textContent = apiError(result);
    error.hidden = false;
    return;
  }
  byId("cc-transfer").close();
  updateSummary(result.data.conversation);
  view.notice(format(strings.transferred, { name: result.data.conversation.agent?.name || "" }));
}

// --- Start ----------------------------------------------------------------------------------------------
function start() {
  setupNotificationButton();
  byId("cc-status").addEventListener("change", (event) => setStatus(event.target.value));
  byId("cc-tabs").addEventListener("keydown", onTabKeys);
  byId("cc-transfer-form").addEventListener("submit", submitTransfer);
  document.addEventListener("agent-socket:send", (event) => state.socket.send(event.detail));
  byId("cc-transfer").querySelector('[data-action="cancel"]').addEventListener("click", () => byId("cc-transfer").close());
  const seen = () => state.views.get(state.current)?.markRead();
  document.addEventListener("visibilitychange", seen);
  window.addEventListener("focus", seen);
  setInterval(() => {
    const now = Date.now();
    for (const view of state.views.values()) view.resendStale(now);
  }, RESEND_AFTER_MS / 2);
  setInterval(renderQueue, 30_000); // "waiting N min" keeps counting
  state.socket = new ReconnectingSocket(() => socketUrl(config.socket), {
    onOpen: () => {}, // the server speaks first (welcome); tabs sync from there
    onFrame,
    onState: renderConnection,
  });
  state.socket.start();
}

start();
