// Who else is on this ticket or chat: "Li Na is viewing", "Li Na is replying" (docs/console.md,
// Presence; frames in docs/chat-protocol.md §4.5), one line per chat in the chat console's tabs. Uses the page's agent socket when the page
// has one (the chat console and the inbox bridge theirs through the `agent-socket:frame` /
// `agent-socket:send` events), else opens the same /ws/agent/ socket itself (the ticket page).
// The composer says it is being typed in with the `composer:typing` event (the conversation
// pane) or plain `input` events (today's ticket page).

import { socketUrl } from "../chat/api.js";
import { ReconnectingSocket } from "../chat/socket.js";
import { format } from "../chat/text.js";

const REPEAT_MS = 20_000; // each page repeats its state; the server keeps nothing
const FORGET_MS = 60_000; // a colleague not heard again this long has gone (PRESENCE_TTL_SECONDS)
const REPLYING_IDLE_MS = 5_000;

const box = document.querySelector("[data-presence-subject]");

class Presence {
  constructor(element) {
    this.box = element;
    this.subject = element.dataset.presenceSubject;
    this.me = Number(element.dataset.me);
    this.others = new Map(); // agent id -> {name, state, at}
    this.state = "viewing";
    this.idle = null;
    this.socket = null;
  }

  send(frame) {
    if (this.socket) return this.socket.send(frame);
    document.dispatchEvent(new CustomEvent("agent-socket:send", { detail: frame }));
    return true;
  }

  announce(state) {
    this.state = state;
    this.send({ type: "presence", subject: this.subject, state });
  }

  typing() {
    if (this.state !== "replying") this.announce("replying");
    clearTimeout(this.idle);
    this.idle = setTimeout(() => this.announce("viewing"), REPLYING_IDLE_MS);
  }

  onFrame(frame) {
    if (frame.type === "welcome") this.announce(this.state);
    if (frame.type !== "presence" || frame.subject !== this.subject || frame.agent.id === this.me) return;
    if (frame.state === "left") this.others.delete(frame.agent.id);
    else this.others.set(frame.agent.id, { name: frame.agent.name, state: frame.state, at: Date.now() });
    this.render();
  }

  render() {
    const now = Date.now();
    for (const [id, other] of this.others) if (now - other.at > FORGET_MS) this.others.delete(id);
    const lines = [...this.others.values()].map((other) =>
      format(other.state === "replying" ? this.box.dataset.replying : this.box.dataset.viewing, { name: other.name }),
    );
    this.box.textContent = lines.join(" · ");
    this.box.hidden = lines.length === 0;
  }

  start({ ownSocket }) {
    if (ownSocket) {
      this.socket = new ReconnectingSocket(() => socketUrl("/ws/agent/"), {
        onFrame: (frame) => this.onFrame(frame),
      });
      this.socket.start();
    } else {
      this.listener = (event) => this.onFrame(event.detail);
      document.addEventListener("agent-socket:frame", this.listener);
      this.announce("viewing");
    }
    // A tab of the chat console: its own composer; a page with one conversation: any composer.
    const tab = this.box.closest(".cc-pane");
    if (tab) {
      tab.querySelector('[data-f="input"]')?.addEventListener("input", () => this.typing());
    } else {
      document.addEventListener("composer:typing", () => this.typing());
      const composer = document.querySelector(".tc-compose textarea");
      if (composer) composer.addEventListener("input", () => this.typing());
    }
    this.repeat = setInterval(() => {
      this.announce(this.state);
      this.render();
    }, REPEAT_MS);
    window.addEventListener("pagehide", () => this.announce("left"));
  }

  /** The box left the page (a console tab closed): say so and stop. */
  stop() {
    this.announce("left");
    clearInterval(this.repeat);
    clearTimeout(this.idle);
    if (this.listener) document.removeEventListener("agent-socket:frame", this.listener);
  }
}

// The chat console opens and closes tabs, each with its own box (`chat:<id>`); they share the
// console's socket. Other pages have one box, and open a socket when the page holds none.
const running = new Map(); // box -> Presence

function track(element, { ownSocket = false } = {}) {
  if (running.has(element) || !element.dataset.presenceSubject) return;
  const presence = new Presence(element);
  running.set(element, presence);
  presence.start({ ownSocket });
}

if (box && !box.closest(".cc-pane")) {
  // A page that holds the agent socket says so on <body data-agent-socket>; else open one.
  track(box, { ownSocket: !document.body.hasAttribute("data-agent-socket") });
}
const tabs = document.getElementById("cc-panes");
if (tabs) {
  const sweep = () => {
    for (const element of tabs.querySelectorAll("[data-presence-subject]")) track(element);
    for (const [element, presence] of running) {
      if (!element.isConnected) {
        presence.stop();
        running.delete(element);
      }
    }
  };
  new MutationObserver(sweep).observe(tabs, { childList: true });
  sweep();
}
