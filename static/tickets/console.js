// Ticket console: keyboard shortcuts, queue row navigation, composer modes and canned responses.
// Everything works without this script (plain links and forms); it only makes agents faster.
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
function setupComposer(form) {
  const textarea = form.querySelector("textarea");
  const submit = form.querySelector("[data-submit-label]");
  const modes = form.querySelectorAll('input[name="kind"]');

  const applyMode = () => {
    const note = form.querySelector('input[name="kind"]:checked')?.value === "note";
    form.classList.toggle("is-note", note);
    if (submit) submit.textContent = note ? strings.addNote : strings.sendReply;
    form.querySelectorAll("[data-public-only]").forEach((el) => { el.hidden = note; });
  };
  modes.forEach((radio) => radio.addEventListener("change", applyMode));
  applyMode();

  const focusMode = (kind) => {
    const radio = form.querySelector(`input[name="kind"][value="${kind}"]`);
    if (radio) { radio.checked = true; applyMode(); }
    textarea.focus();
  };

  textarea.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
    } else if (event.key === "Escape") {
      textarea.blur();
    }
  });

  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || typingIn(event.target)) return;
    if (event.key === "r") { event.preventDefault(); focusMode("reply"); }
    else if (event.key === "n") { event.preventDefault(); focusMode("note"); }
  });

  form.addEventListener("submit", () => {
    // A double press must not send the same reply twice.
    form.querySelectorAll("button[type=submit]").forEach((button) => { button.disabled = true; });
  });
}

// The canned picker is a GET form that re-renders the page with the text filled in; with this
// script it fetches the rendered text as JSON and inserts it where the cursor is instead.
function setupCanned(picker, textarea) {
  const status = picker.querySelector("[data-canned-status]");
  picker.addEventListener("submit", async (event) => {
    event.preventDefault();
    const id = picker.querySelector("select").value;
    if (!id) return;
    const url = `${picker.dataset.renderUrl}?id=${encodeURIComponent(id)}`;
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!response.ok) throw new Error(String(response.status));
      const data = await response.json();
      insertAtCursor(textarea, data.text);
      if (status) status.textContent = strings.inserted;
    } catch {
      if (status) status.textContent = strings.cannedFailed;
    }
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
const composer = document.querySelector("form.tc-compose");
if (composer) {
  setupComposer(composer);
  const picker = document.querySelector("form.tc-canned");
  if (picker) setupCanned(picker, composer.querySelector("textarea"));
}
