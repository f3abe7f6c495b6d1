// Who else is on this ticket or chat: "Li Na is viewing", "Li Na is replying" (docs/console.md,
// Presence; frames in docs/chat-protocol.md §4.5). Uses the page's agent socket when the page
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
      document.addEventListener("agent-socket:frame", (event) => this.onFrame(event.detail));
      this.announce("viewing");
    }
    document.addEventListener("composer:typing", () => this.typing());
    const composer = document.querySelector(".tc-compose textarea");
    if (composer) composer.addEventListener("input", () => this.typing());
    setInterval(() => {
      this.announce(this.state);
      this.render();
    }, REPEAT_MS);
    window.addEventListener("pagehide", () => this.announce("left"));
  }
}

if (box) {
  const presence = new Presence(box);
  // A page that holds the agent socket says so on <body data-agent-socket>; else open one.
  presence.start({ ownSocket: !document.body.hasAttribute("data-agent-socket") });
}
