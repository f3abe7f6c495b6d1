// A websocket that reconnects by itself with exponential backoff and jitter, and says which state
// it is in. It knows nothing about chat: the caller sends its resume frame from `onOpen` and
// handles every frame in `onFrame`; every frame is also dispatched on the document as a
// `socket:frame` CustomEvent (detail: the frame) for other modules of the page.

export const STATE = Object.freeze({
  IDLE: "idle", // not started (no conversation yet)
  CONNECTING: "connecting",
  OPEN: "open",
  WAITING: "waiting", // closed, a reconnect is scheduled
  OFFLINE: "offline", // the browser says there is no network; retry when it comes back
  CLOSED: "closed", // the server closed the socket for good (4000 chat closed, 4401 token refused)
});

const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 15_000;
// Keepalive (docs/chat-protocol.md): a ping every 20 s, which is also an agent's presence
// heartbeat. A socket that has heard nothing for 45 s is presumed dead (a phone that changed
// networks often never sees the close) and is replaced.
const PING_EVERY_MS = 20_000;
const SILENCE_LIMIT_MS = 45_000;
// 4000: the conversation is closed, there is nothing to reconnect to. 4401: the token was refused
// (rotated or ended); the same token cannot do better next time, the caller decides (`onFinal`).
const FINAL_CLOSE_CODES = new Set([4000, 4401]);

export class ReconnectingSocket {
  /**
   * @param {() => string} url  called before each attempt, so it can carry fresh parameters
   * @param {{onOpen?: Function, onFrame?: Function, onState?: Function, onFinal?: Function}} handlers
   *   onFinal(code): the server closed the socket for good
   */
  constructor(url, { onOpen = () => {}, onFrame = () => {}, onState = () => {}, onFinal = () => {} } = {}) {
    this.url = url;
    this.onOpen = onOpen;
    this.onFinal = onFinal;
    this.onFrame = onFrame;
    this.onState = onState;
    this.state = STATE.IDLE;
    this.attempt = 0;
    this.ws = null;
    this.timer = null;
    this.pinger = null;
    this.heardAt = 0;
    this.stopped = true;
    this.wake = () => this.connectSoon();
    this.online = () => this.connectSoon();
    this.offline = () => this.setState(STATE.OFFLINE);
  }

  start() {
    if (!this.stopped) return;
    this.stopped = false;
    window.addEventListener("online", this.online);
    window.addEventListener("offline", this.offline);
    document.addEventListener("visibilitychange", this.wake);
    this.connect();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.pinger);
    window.removeEventListener("online", this.online);
    window.removeEventListener("offline", this.offline);
    document.removeEventListener("visibilitychange", this.wake);
    if (this.ws) this.ws.close(1000);
    this.ws = null;
    this.setState(STATE.IDLE);
  }

  /** Send a frame now; false when not connected (the caller keeps it for the next open). */
  send(frame) {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  get isOpen() {
    return this.state === STATE.OPEN;
  }

  setState(state) {
    if (this.state === state) return;
    this.state = state;
    this.onState(state);
  }

  connect() {
    clearTimeout(this.timer);
    if (this.stopped || (this.ws && this.ws.readyState <= WebSocket.OPEN)) return;
    if (navigator.onLine === false) {
      this.setState(STATE.OFFLINE);
      return;
    }
    this.setState(STATE.CONNECTING);
    const ws = new WebSocket(this.url());
    this.ws = ws;
    ws.addEventListener("open", () => {
      this.attempt = 0;
      this.heardAt = Date.now();
      clearInterval(this.pinger);
      this.pinger = setInterval(() => this.keepAlive(ws), PING_EVERY_MS);
      this.setState(STATE.OPEN);
      this.onOpen();
    });
    ws.addEventListener("message", (event) => {
      this.heardAt = Date.now();
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch {
        return; // the server only sends JSON; ignore anything else rather than break
      }
      this.onFrame(frame);
      // Other modules of the page may listen too (the console's notifications bell).
      document.dispatchEvent(new CustomEvent("socket:frame", { detail: frame }));
    });
    ws.addEventListener("close", (event) => {
      if (this.ws !== ws) return;
      this.ws = null;
      clearInterval(this.pinger);
      if (this.stopped) return;
      if (FINAL_CLOSE_CODES.has(event.code)) {
        this.setState(STATE.CLOSED);
        this.onFinal(event.code);
        return;
      }
      this.scheduleRetry();
    });
  }

  keepAlive(ws) {
    if (ws !== this.ws || ws.readyState !== WebSocket.OPEN) return;
    if (Date.now() - this.heardAt > SILENCE_LIMIT_MS) {
      // close() on a dead link can take minutes to fire "close"; move on at once.
      this.ws = null;
      clearInterval(this.pinger);
      ws.close();
      this.scheduleRetry();
      return;
    }
    ws.send(JSON.stringify({ type: "ping" }));
  }

  scheduleRetry() {
    // Jitter (half fixed, half random): many clients dropped by one server restart must not all return at once.
    const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** this.attempt);
    const delay = Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
    this.attempt += 1;
    this.setState(STATE.WAITING);
    this.timer = setTimeout(() => this.connect(), delay);
  }

  /** Try now instead of waiting out the backoff (network back, tab visible again, user asked). */
  connectSoon() {
    if (this.stopped || document.visibilityState === "hidden") return;
    if (this.state === STATE.WAITING || this.state === STATE.OFFLINE) this.connect();
  }
}
