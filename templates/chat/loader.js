{% load static %}/* Help center chat launcher: one <script> tag on any page of ours or of an allowed company site.
 *   <script src="https://help.example.com/en/chat/loader.js" data-topic="withdrawal" async></script>
 * (data-topic, optional: the help topic of the page, whose top answers the chat opens on).
 * It adds a "Chat with us" button; the chat itself runs in an iframe of the help center's own
 * /<lang>/chat/embed/ page, so its cookies, websocket and Origin stay the help center's. The
 * button lives in a shadow root so the host page's CSS cannot restyle it (nor ours leak out);
 * its look is static/chat/launcher.css, a file because our Content-Security-Policy refuses inline
 * styles.
 * Served by chat.views.loader with the strings translated for the URL's language. */
(() => {
  "use strict";
  const CONFIG = {{ config_json|safe }};
  if (window.__hcChatLoaded) return;
  window.__hcChatLoaded = true;

  const script = document.currentScript;
  const base = script && script.src ? new URL(script.src).origin : window.location.origin;
  const embedUrl = new URL(CONFIG.embedPath, base);
  embedUrl.searchParams.set("host", "1");
  // The page the customer came from, for the agent's context (no query string: it may be private).
  embedUrl.searchParams.set("page", window.location.origin + window.location.pathname);
  // The page's topic (a category slug: <script src=".../loader.js" data-topic="withdrawal">):
  // "Search our help" starts with its top answers.
  if (script && script.dataset.topic) embedUrl.searchParams.set("topic", script.dataset.topic);
  // A signed wallet identity of the visitor (docs/api.md), passed to the chat only, once.
  let identity = (script && script.dataset.identity) || "";
  const OPEN_KEY = "hc-chat-open";
  const ACTIVE_KEY = "hc-chat-active";

  const STYLESHEET = new URL("{% static 'chat/launcher.css' %}", base);
  const ICON_CHAT = '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm3 6v2h2V9H7zm4 0v2h2V9h-2zm4 0v2h2V9h-2z"/></svg>';
  const ICON_CLOSE = '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M6.4 5 5 6.4 10.6 12 5 17.6 6.4 19 12 13.4 17.6 19 19 17.6 13.4 12 19 6.4 17.6 5 12 10.6z"/></svg>';

  const host = document.createElement("div");
  host.id = "hc-chat";
  // Hidden until its stylesheet has loaded (or failed: an unstyled button still works).
  host.style.display = "none";
  const root = host.attachShadow({ mode: "open" });
  const sheet = document.createElement("link");
  sheet.rel = "stylesheet";
  sheet.href = STYLESHEET.href;
  const show = () => host.style.removeProperty("display");
  sheet.addEventListener("load", show);
  sheet.addEventListener("error", show);
  const button = document.createElement("button");
  button.type = "button";
  button.className = "launcher";
  button.lang = CONFIG.lang;
  button.setAttribute("aria-expanded", "false");
  button.setAttribute("aria-controls", "hc-chat-panel");
  const icon = document.createElement("span");
  icon.style.display = "inline-flex";
  const label = document.createElement("span");
  const badge = document.createElement("span");
  badge.className = "badge";
  badge.hidden = true;
  button.append(icon, label, badge);
  const panel = document.createElement("div");
  panel.className = "panel";
  panel.id = "hc-chat-panel";
  panel.hidden = true;
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-label", CONFIG.strings.title);
  root.append(sheet, button, panel);

  let frame = null;
  let frameReady = false; // the chat said hello: it can be told whether it is visible
  let unread = 0;

  function store(storage, key, value) {
    try {
      if (value) storage.setItem(key, "1");
      else storage.removeItem(key);
    } catch {
      /* storage can be disabled (private mode, blocked third-party storage): nothing to keep */
    }
  }
  function stored(storage, key) {
    try {
      return storage.getItem(key) === "1";
    } catch {
      return false;
    }
  }

  function render() {
    const open = !panel.hidden;
    icon.innerHTML = open ? ICON_CLOSE : ICON_CHAT; // our own constant SVG, never user text
    label.textContent = open ? CONFIG.strings.close : CONFIG.strings.open;
    button.setAttribute("aria-expanded", String(open));
    badge.hidden = open || unread === 0;
    badge.textContent = String(unread);
    badge.setAttribute("aria-label", CONFIG.strings.unread.replace("{count}", String(unread)));
    if (open) host.setAttribute("data-open", "");
    else host.removeAttribute("data-open");
  }

  function ensureFrame() {
    if (frame) return;
    frame = document.createElement("iframe");
    frame.title = CONFIG.strings.title;
    frame.src = embedUrl.href;
    panel.append(frame);
  }

  function setOpen(open, { focus = true } = {}) {
    if (open) {
      ensureFrame();
      panel.hidden = false;
      unread = 0;
      if (focus) frame.focus();
    } else {
      panel.hidden = true;
      if (focus) button.focus();
    }
    store(sessionStorage, OPEN_KEY, open);
    if (frameReady) tellFrame();
    render();
  }

  function tellFrame() {
    frame.contentWindow.postMessage({ type: "hc-chat:visibility", open: !panel.hidden }, embedUrl.origin);
    if (identity) {
      frame.contentWindow.postMessage({ type: "hc-chat:identity", identity }, embedUrl.origin);
      identity = "";
    }
  }
  // For pages that learn who the visitor is after loading: hcChat.identify(signedIdentity).
  window.hcChat = {
    identify(signed) {
      identity = String(signed || "");
      if (frameReady) tellFrame();
    },
  };

  button.addEventListener("click", () => setOpen(panel.hidden));
  window.addEventListener("message", (event) => {
    // Only our own frame may talk to the launcher.
    if (!frame || event.source !== frame.contentWindow || event.origin !== embedUrl.origin) return;
    const data = event.data || {};
    if (data.type === "hc-chat:minimize") setOpen(false);
    else if (data.type === "hc-chat:ready") {
      frameReady = true;
      tellFrame();
    } else if (data.type === "hc-chat:unread" && panel.hidden) {
      unread = Math.max(0, Number(data.count) || 0);
      render();
    } else if (data.type === "hc-chat:active") {
      // A conversation in progress keeps its frame loaded on the next page, so new replies
      // still raise the badge while the panel is closed.
      store(localStorage, ACTIVE_KEY, Boolean(data.active));
    }
  });

  function mount() {
    document.body.append(host);
    render();
    if (stored(sessionStorage, OPEN_KEY)) setOpen(true, { focus: false });
    else if (stored(localStorage, ACTIVE_KEY)) ensureFrame();
  }
  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);
})();
