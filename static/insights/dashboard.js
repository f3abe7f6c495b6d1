// The live floor: its figures are read again (server-rendered HTML, /console/dashboard/live/)
// when the agent socket says the floor or the inbox changed (docs/chat-protocol.md §4.6, §4.3),
// and every 30 s for what no frame announces (agents' statuses, waits growing).

import { socketUrl } from "../chat/api.js";
import { ReconnectingSocket, STATE } from "../chat/socket.js";

const REFRESH_EVERY_MS = 30_000;
const root = document.getElementById("floor");
const state = document.getElementById("floor-state");
let inFlight = false;
let again = false;

async function refresh() {
  if (inFlight) {
    again = true;
    return;
  }
  inFlight = true;
  try {
    const response = await fetch(root.dataset.liveUrl, { credentials: "same-origin", headers: { Accept: "text/html" } });
    if (response.ok) {
      root.innerHTML = await response.text();
      root.dataset.refreshed = String(Date.now());
    }
  } catch {
    // offline for a moment: the next frame or tick tries again
  } finally {
    inFlight = false;
    if (again) {
      again = false;
      refresh();
    }
  }
}

function showState(value) {
  const open = value === STATE.OPEN;
  state.dataset.state = open ? "open" : "closed";
  state.textContent = open ? state.dataset.connected : state.dataset.offline;
}

function onFrame(frame) {
  if (frame.type === "floor" || frame.type === "inbox" || frame.type === "queue_update") refresh();
}

if (root) {
  const socket = new ReconnectingSocket(() => socketUrl(root.dataset.socket), { onFrame, onState: showState });
  socket.start();
  window.setInterval(refresh, REFRESH_EVERY_MS);
}
