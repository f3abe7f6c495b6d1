// Ticket console: keyboard shortcuts, queue row navigation, composer modes and canned responses.
// Everything works without this script (plain links and forms); it only makes agents faster.
import { closeMenus, openMenu, setupMenus } from "../workspace/menus.js";
import { setupAttachments } from "./attachments.js";
import { insertAtCursor } from "./cursor.js";

const strings = JSON.parse(document.getElementById("tc-strings")?.textContent || "{}");

function typingIn(target) {
  return target.closest("input, textarea, select, [contenteditable]") !== null;
}

// --- Queue: j/k move the selection, Enter or o opens, / focuses the search. -----------------
function setupQueue(table) {
  const rows = Array.from(table.querySelectorAll("tbody tr[data-href]"));
  let index = -1;

  const select = (next) => {
    if (!rows.length) return;
    index = Math.max(0, Math.min(rows.length - 1, next));
    rows.forEach((row, i) => row.classList.toggle("is-selected", i === index));
    rows[index].querySelector("a.tc-ref")?.focus({ preventScroll: true });
    rows[index].scrollIntoView({ block: "nearest" });
  };

  rows.forEach((row, i) => {
    row.addEventListener("click", (event) => {
      if (event.target.closest("a, button, input, select")) return;
      window.location.href = row.dataset.href;
    });
    row.addEventListener("focusin", () => { index = i; });
  });

  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || typingIn(event.target)) return;
    if (event.key === "j") { select(index + 1); event.preventDefault(); }
    else if (event.key === "k") { select(index - 1); event.preventDefault(); }
    else if ((event.key === "Enter" || event.key === "o") && index >= 0 && event.target === document.body) {
      window.location.href = rows[index].dataset.href;
    }
  });
}

// Filter selects apply at once (a GET: nothing is changed by it).
function setupFilters(form) {
  form.querySelectorAll("select").forEach((field) => {
    field.addEventListener("change", () => form.requestSubmit());
  });
}

// --- Ticket page ---------------------------------------------------------------------------
// The workspace pane's composer and property menus (templates/workspace/_composer.html and
// _menu.html), here as plain forms that post and come back to this page: the menus open with
// the mouse or the keyboard (static/workspace/menus.js), s/p/t/e open them, r/n start a reply
// or a note, Ctrl+Enter sends, and files are chosen, dropped or pasted with previews
// (static/tickets/attachments.js) and put in the form's file input when it is sent.
const TYPING_EVERY_MS = 3000;

function setupComposer(form) {
  const textarea = form.querySelector("textarea");
  const label = form.querySelector("[data-send-label]");
  const applyMode = () => {
    const note = form.querySelector('input[name="kind"]:checked')?.value === "note";
    form.classList.toggle("is-note", note);
    if (label) label.textContent = note ? label.dataset.noteLabel : label.dataset.replyLabel;
  };
  form.querySelectorAll('input[name="kind"]').forEach((radio) => radio.addEventListener("change", applyMode));
  applyMode();

  const focusMode = (kind) => {
    const radio = form.querySelector(`input[name="kind"][value="${kind}"]`);
    if (radio) { radio.checked = true; applyMode(); }
    textarea.focus();
  };

  let lastTyping = 0;
  textarea.addEventListener("input", () => {
    // Presence ("Li Na is replying", static/workspace/presence.js) listens for this event.
    if (Date.now() - lastTyping < TYPING_EVERY_MS) return;
    lastTyping = Date.now();
    const kind = form.querySelector('input[name="kind"]:checked')?.value || "reply";
    form.dispatchEvent(new CustomEvent("composer:typing", { bubbles: true, detail: { key: form.dataset.key || "", kind } }));
  });
  textarea.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit(form.querySelector("button[type=submit]"));
    } else if (event.key === "Escape") {
      textarea.blur();
    }
  });

  const box = form.querySelector("[data-attach]");
  const warning = form.querySelector("[data-file-warning]");
  const attached = box
    ? setupAttachments(box, {
        strings,
        pasteTarget: form,
        warn: (text) => { warning.textContent = text; warning.hidden = !text; },
      })
    : null;

  form.addEventListener("click", (event) => {
    const canned = event.target.closest("[data-canned-text]");
    if (!canned) return;
    closeMenus();
    insertAtCursor(textarea, canned.dataset.cannedText);
    const status = form.querySelector("[data-attach-status]");
    if (status) status.textContent = strings.inserted;
  });

  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || typingIn(event.target)) return;
    if (event.key === "r") { event.preventDefault(); focusMode("reply"); }
    else if (event.key === "n") { event.preventDefault(); focusMode("note"); }
  });

  form.addEventListener("submit", () => {
    // The chosen files go in the form's own file input, so the form posts as without script.
    const input = box?.querySelector("input[type=file]");
    if (input && attached) {
      const transfer = new DataTransfer();
      for (const file of attached.files()) transfer.items.add(file);
      input.files = transfer.files;
    }
    // A double press must not send the same reply twice (after this event, so the pressed
    // button's then_status is still sent).
    setTimeout(() => {
      document.querySelectorAll('button[type=submit][form="wp-compose"]').forEach((button) => { button.disabled = true; });
      form.querySelectorAll("button[type=submit]").forEach((button) => { button.disabled = true; });
    });
  });
}

// The property menus: each item is a submit button of a POST form (one click, one change).
function setupProperties(bar) {
  setupMenus(document);
  document.addEventListener("click", (event) => {
    if (!event.target.closest("[data-menu]")) closeMenus();
  });
  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || typingIn(event.target)) return;
    const button = bar?.querySelector(`[data-shortcut="${event.key}"]`);
    if (button) { event.preventDefault(); openMenu(button); }
  });
}

function setupSearchShortcut() {
  const search = document.querySelector("[data-search]");
  if (!search) return;
  document.addEventListener("keydown", (event) => {
    if (event.key === "/" && !typingIn(event.target)) {
      event.preventDefault();
      search.focus();
      search.select();
    }
  });
}

// Destructive or hard-to-undo actions ask first (merge).
function setupConfirms() {
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
}

setupSearchShortcut();
setupConfirms();
const queue = document.querySelector(".tc-table");
if (queue) setupQueue(queue);
const filters = document.querySelector("form.tc-filters");
if (filters) setupFilters(filters);
const composer = document.querySelector("form#wp-compose");
if (composer) setupComposer(composer);
if (composer || document.querySelector(".tc-props")) setupProperties(document.querySelector(".tc-props"));
