// The staff inbox: live over the agent socket, keyboard first.
//
// The socket says only "something changed" (the `inbox` frame, or the chat queue's frames); the
// page then asks the server for its view again (one JSON request) and compares the row keys.
// Counters update at once; rows never move under the agent's eyes: a bar says how many rows are
// new or changed, and the list is replaced when the agent applies it (click or `u`), or at once
// when the list is not being looked at (the tab is hidden) or has not changed order.
import { socketUrl } from "../chat/api.js";
import { ReconnectingSocket, STATE } from "../chat/socket.js";
import { setupMenus } from "./menus.js";
import * as pane from "./pane.js";

const root = document.getElementById("ib");
const rowsBox = document.getElementById("ib-rows");
const newBar = document.getElementById("ib-new");
const applyButton = document.getElementById("ib-apply");
const live = document.getElementById("ib-live");
const statusBox = document.getElementById("ib-status");
const keysDialog = document.getElementById("ib-keys");
const bulk = document.getElementById("ib-bulk");
const REFRESH_GAP_MS = 1000; // at most one read per second, however many changes arrive

let pending = null; // the latest fetched view not yet applied
let fetching = false;
let again = false;
let lastFetch = 0;
let selected = -1;
let socket = null;

function rowKeys() {
  return [...rowsBox.querySelectorAll("[data-key]")].map((row) => row.dataset.key);
}

function rowsUrl() {
  return new URL(root.dataset.rowsUrl, window.location.href); // the page's own view and filters
}

function setCounts(counts) {
  for (const badge of root.querySelectorAll("[data-count]")) {
    const value = counts[badge.dataset.count];
    if (value === undefined) continue;
    badge.textContent = String(value);
    if (badge.dataset.count === "breached") badge.classList.toggle("ib-count--alert", value > 0);
  }
}

function changedKeys(fresh) {
  const now = new Set(rowKeys());
  return fresh.filter((key) => !now.has(key)).length;
}

async function refresh() {
  if (fetching) {
    again = true;
    return;
  }
  const wait = lastFetch + REFRESH_GAP_MS - Date.now();
  if (wait > 0) {
    fetching = true;
    setTimeout(() => {
      fetching = false;
      refresh();
    }, wait);
    return;
  }
  fetching = true;
  lastFetch = Date.now();
  try {
    const response = await fetch(rowsUrl(), { headers: { Accept: "application/json" }, credentials: "same-origin" });
    if (response.ok) offer(await response.json());
  } catch {
    // Offline for a moment: the socket reconnects and asks again.
  } finally {
    fetching = false;
    if (again) {
      again = false;
      refresh();
    }
  }
}

function offer(view) {
  setCounts(view.counts);
  const current = rowKeys();
  const same = current.length === view.keys.length && current.every((key, i) => key === view.keys[i]);
  if (same || document.hidden || current.length === 0) {
    apply(view);
    return;
  }
  pending = view;
  const added = Math.max(changedKeys(view.keys), 1);
  applyButton.textContent = added === 1 ? root.dataset.newOne : root.dataset.newMany.replace("{n}", String(added));
  newBar.hidden = false;
}

function apply(view = pending) {
  if (!view) return;
  const keep = rows()[selected]?.dataset.key;
  const picked = new Set(checks().filter((box) => box.checked).map((box) => box.value));
  rowsBox.innerHTML = view.rows;
  for (const box of checks()) box.checked = picked.has(box.value);
  showBulk();
  pending = null;
  newBar.hidden = true;
  const index = keep ? rows().findIndex((row) => row.dataset.key === keep) : -1;
  select(index, { focus: false });
  pane.markRow();
}

function rows() {
  return [...rowsBox.querySelectorAll(".ib-row")];
}

function select(index, { focus = true } = {}) {
  const all = rows();
  all.forEach((row) => row.removeAttribute("aria-selected"));
  if (index < 0 || index >= all.length) {
    selected = -1;
    return;
  }
  selected = index;
  all[index].setAttribute("aria-selected", "true");
  if (focus) all[index].querySelector("a").focus();
}

// --- Bulk actions: the rows' checkboxes belong to the #ib-bulk form -------------------------

let lastPicked = -1;

function checks() {
  return [...rowsBox.querySelectorAll(".ib-row__check")];
}

function showBulk() {
  if (!bulk) return;
  const all = checks();
  const count = all.filter((box) => box.checked).length;
  const every = document.getElementById("ib-all");
  every.checked = count > 0 && count === all.length;
  every.indeterminate = count > 0 && count < all.length;
  every.disabled = all.length === 0;
  // Nothing to select (an empty list, or chats only): no bar.
  bulk.hidden = all.length === 0;
  document.getElementById("ib-bulk-actions").hidden = count === 0;
  bulk.toggleAttribute("data-active", count > 0);
  document.getElementById("ib-bulk-count").textContent =
    count === 0 ? "" : count === 1 ? bulk.dataset.selectedOne : bulk.dataset.selectedMany.replace("{n}", String(count));
}

function onPick(event) {
  const box = event.target.closest(".ib-row__check");
  if (!box) return;
  const all = checks();
  const index = all.indexOf(box);
  if (event.shiftKey && lastPicked >= 0) {
    // Shift+click: every row between the last one picked and this one takes this one's state.
    const [from, to] = [Math.min(lastPicked, index), Math.max(lastPicked, index)];
    for (const other of all.slice(from, to + 1)) other.checked = box.checked;
  }
  lastPicked = index;
  showBulk();
}

function togglePick() {
  const box = rows()[selected]?.querySelector(".ib-row__check");
  if (!box) return false;
  box.checked = !box.checked;
  lastPicked = checks().indexOf(box);
  showBulk();
  return true;
}

function startBulk() {
  if (!bulk) return;
  setupMenus(bulk);
  rowsBox.addEventListener("click", onPick);
  document.getElementById("ib-all").addEventListener("change", (event) => {
    for (const box of checks()) box.checked = event.target.checked;
    showBulk();
  });
  showBulk();
}

function onFrame(frame) {
  pane.onFrame(frame);
  if (frame.type === "inbox" || frame.type === "queue_update" || frame.type === "assigned" || frame.type === "unassigned") {
    refresh();
  } else if (frame.type === "welcome") {
    showStatus(frame.agent.status);
    refresh(); // anything missed while the socket was away
  } else if (frame.type === "agent_status") {
    showStatus(frame.status);
  }
}

function showStatus(status) {
  statusBox.disabled = false;
  const input = statusBox.querySelector(`input[value="${status}"]`);
  if (input) input.checked = true;
}

function showConnection(state) {
  live.dataset.state = state;
  live.textContent = state === STATE.OPEN ? root.dataset.live : root.dataset.offline;
}

function typing(event) {
  const target = event.target;
  return target.closest("input, textarea, select, [contenteditable]") !== null;
}

let goPrefix = false;

// With a conversation open, j/k open the next/previous one (the selection follows).
function step(by) {
  const all = rows();
  if (!all.length) return;
  const open = pane.current()?.dataset.key;
  const from = selected >= 0 ? selected : all.findIndex((row) => row.dataset.key === open);
  const index = Math.max(0, Math.min(from + by, all.length - 1));
  select(index);
  if (pane.current() && all[index].dataset.key !== open) {
    pane.openPane(all[index].querySelector("a").href, { focus: false });
  }
}

function onKey(event) {
  if (event.metaKey || event.ctrlKey || event.altKey || typing(event) || keysDialog.open) return;
  if (event.target.closest("[role=menu]")) return;
  const views = [...root.querySelectorAll(".ib-view")];
  if (goPrefix) {
    goPrefix = false;
    const n = Number.parseInt(event.key, 10);
    if (n >= 1 && n <= views.length) {
      event.preventDefault();
      views[n - 1].click();
    }
    return;
  }
  switch (event.key) {
    case "j":
      event.preventDefault();
      step(1);
      break;
    case "k":
      event.preventDefault();
      step(-1);
      break;
    case "Enter":
      if (selected >= 0 && document.activeElement === document.body) {
        event.preventDefault();
        rows()[selected].querySelector("a").click();
      }
      break;
    case "/":
      event.preventDefault();
      document.getElementById("console-q").focus();
      break;
    case "u":
      event.preventDefault();
      apply();
      break;
    case "x":
      if (togglePick()) event.preventDefault();
      break;
    case "g":
      goPrefix = true;
      break;
    case "?":
      event.preventDefault();
      keysDialog.showModal();
      break;
    default:
      if (pane.onKey(event)) event.preventDefault();
  }
}

function start() {
  document.addEventListener("keydown", onKey);
  // A filter applies as soon as it is chosen (the Apply button stays for keyboards and no JS).
  document.getElementById("ib-filters")?.addEventListener("change", (event) => {
    if (event.target.matches("select")) event.currentTarget.requestSubmit();
  });
  applyButton.addEventListener("click", () => apply());
  startBulk();
  document.getElementById("ib-keys-open").addEventListener("click", () => keysDialog.showModal());
  rowsBox.addEventListener("focusin", (event) => {
    const row = event.target.closest(".ib-row");
    if (row) select(rows().indexOf(row), { focus: false });
  });
  statusBox.addEventListener("change", (event) => {
    socket?.send({ type: "status", status: event.target.value });
  });
  document.addEventListener("visibilitychange", () => {
    if (!document.hidden && pending && newBar.hidden) apply();
  });
  socket = new ReconnectingSocket(() => socketUrl(root.dataset.socket), {
    onFrame,
    onState: showConnection,
  });
  pane.start({ agentSocket: socket });
  socket.start();
}

start();
