// The console's top bar (templates/console/base.html): the More menu (a menu button, menus.js)
// and the notifications bell.
//
// The bell is a link to the notifications page; here it becomes a button that opens the list as
// a popover (fetched when opened, newest first, "Mark all read"). Opening an item marks it read
// and follows its link to the conversation pane. The count follows the `notification` frame of
// the agent socket (docs/chat-protocol.md §4.8) on every page that holds the socket: the
// socket module re-dispatches each frame as a `socket:frame` event on the document.
import { closeMenus, setupMenus } from "./menus.js";

const bar = document.querySelector(".console-bar");
const bell = bar?.querySelector("[data-bell]");

function csrfToken() {
  return bell.querySelector("input[name=csrfmiddlewaretoken]")?.value || "";
}

function post(url) {
  return fetch(url, {
    method: "POST",
    headers: { "X-CSRFToken": csrfToken(), "X-Fragment": "1" },
    credentials: "same-origin",
    keepalive: true,
  });
}

function setupBell() {
  const button = bell.querySelector("#nb-button");
  const pop = bell.querySelector("#nb-pop");
  const list = bell.querySelector("[data-bell-list]");
  const count = bell.querySelector("[data-bell-count]");
  const live = bell.querySelector("[data-bell-live]");
  const listUrl = bell.dataset.listUrl;

  button.setAttribute("role", "button");
  button.setAttribute("aria-expanded", "false");
  button.setAttribute("aria-controls", pop.id);

  const showCount = (unread) => {
    count.textContent = String(unread);
    count.hidden = unread < 1;
    const label =
      unread < 1 ? bell.dataset.labelNone : unread === 1 ? bell.dataset.labelOne : bell.dataset.labelMany.replace("{n}", unread);
    button.setAttribute("aria-label", label);
  };

  const load = async () => {
    try {
      const response = await fetch(listUrl, { headers: { "X-Fragment": "1" }, credentials: "same-origin" });
      if (response.ok) list.innerHTML = await response.text();
    } catch {
      // Offline for a moment: the list stays as it was; the next open asks again.
    }
  };

  const isOpen = () => !pop.hidden;
  const open = async () => {
    closeMenus();
    pop.hidden = false;
    button.setAttribute("aria-expanded", "true");
    await load();
    (pop.querySelector("[data-notification]") || pop.querySelector("button"))?.focus();
  };
  const close = ({ restore = false } = {}) => {
    if (!isOpen()) return;
    pop.hidden = true;
    button.setAttribute("aria-expanded", "false");
    if (restore) button.focus();
  };

  button.addEventListener("click", (event) => {
    event.preventDefault();
    if (isOpen()) close();
    else open();
  });
  button.addEventListener("keydown", (event) => {
    if (event.key === " ") {
      event.preventDefault();
      button.click();
    }
  });
  pop.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      close({ restore: true });
    }
  });
  document.addEventListener("click", (event) => {
    if (!bell.contains(event.target)) close();
  });
  bell.addEventListener("focusout", (event) => {
    if (event.relatedTarget && !bell.contains(event.relatedTarget)) close();
  });

  pop.addEventListener("click", (event) => {
    const link = event.target.closest("[data-notification]");
    if (!link) return;
    // Marked read on the way; the link still goes where it says.
    post(`${listUrl}${link.dataset.notification}/read/`).catch(() => {});
  });
  bell.querySelector("[data-bell-read-all]").addEventListener("submit", async (event) => {
    event.preventDefault();
    const response = await post(event.currentTarget.action).catch(() => null);
    if (response?.ok) {
      showCount(0);
      for (const item of list.querySelectorAll(".console-bell__item--unread")) {
        item.classList.remove("console-bell__item--unread");
        item.querySelector(".visually-hidden")?.remove();
      }
    }
  });

  document.addEventListener("socket:frame", (event) => {
    const frame = event.detail;
    if (frame?.type !== "notification") return;
    showCount(frame.unread);
    live.textContent = frame.notification.text;
    if (isOpen()) load();
  });
}

if (bar) {
  setupMenus(bar);
  if (bell) setupBell();
  document.addEventListener("click", (event) => {
    if (!event.target.closest("[data-menu]")) closeMenus();
  });
}
