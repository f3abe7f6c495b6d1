// The message list of one conversation, shared by the customer widget and the agents' console.
// Messages are keyed by `seq` (the server's order, no gaps) so a replayed or echoed message is
// never shown twice; a message still being sent is keyed by its client id until it is stored.
// Files of a message: images as thumbnails, other files (PDF) as a link with name and size.

import { appendLinkified, clockTime, el, fileSize } from "./text.js";

export class MessageLog {
  /**
   * @param {HTMLOListElement} list  the <ol role="log"> to render into
   * @param {{mine: string, lang: string, strings: object, onRetry?: Function, fileUrl?: Function}} options
   *   mine: the sender kind shown on the right ("customer" in the widget, "agent" in the console)
   *   fileUrl: turns a file's download path into the URL to load, or a promise of it (the widget
   *   fetches the file with its token header and gives a blob: URL)
   */
  constructor(list, { mine, lang, strings, onRetry = () => {}, fileUrl = (url) => url }) {
    this.list = list;
    this.mine = mine;
    this.lang = lang;
    this.strings = strings;
    this.onRetry = onRetry;
    this.fileUrl = fileUrl;
    this.bySeq = new Map();
    this.pending = new Map();
    // Highest seq up to which every message is here (seqs start at 1 with no gaps): what a
    // resume asks after, so a message lost in a gap is fetched again rather than skipped.
    this.lastSeq = 0;
    this.readBySeq = 0; // how far the other side has read
  }

  clear() {
    this.list.replaceChildren();
    this.bySeq.clear();
    this.pending.clear();
    this.lastSeq = 0;
    this.readBySeq = 0;
  }

  /**
   * Show a message the user just sent, before the server has stored it. `files` are the
   * chosen files ({name, size, type}), shown by name until the stored message replaces them.
   */
  addPending(clientId, body, files = []) {
    if (this.pending.has(clientId)) return;
    const attachments = files.map((file) => ({ name: file.name, size: file.size, content_type: file.type, url: "" }));
    const item = this.build({ sender: { kind: this.mine, name: "" }, body, attachments, created_at: "" });
    item.classList.add("chat-msg--pending");
    item.dataset.clientId = clientId;
    this.setStatus(item, this.strings.sending);
    this.pending.set(clientId, item);
    this.append(item);
  }

  /** Mark a pending message as refused, with a reason and (when it can help) a retry button. */
  markFailed(clientId, reason, { retry = true } = {}) {
    const item = this.pending.get(clientId);
    if (!item) return;
    item.classList.remove("chat-msg--pending");
    item.classList.add("chat-msg--failed");
    item.querySelector(".chat-msg__error")?.remove();
    this.setStatus(item, "");
    const error = el("span", "chat-msg__error", reason);
    if (retry) {
      const button = el("button", "btn btn--secondary btn--small", this.strings.retry);
      button.type = "button";
      button.addEventListener("click", () => {
        error.remove();
        item.classList.remove("chat-msg--failed");
        item.classList.add("chat-msg--pending");
        this.setStatus(item, this.strings.sending);
        this.onRetry(clientId);
      });
      error.append(" ", button);
    }
    item.querySelector(".chat-msg__meta").append(error);
  }

  /** Forget a pending message that will never be stored (e.g. too long). */
  dropPending(clientId) {
    this.pending.get(clientId)?.remove();
    this.pending.delete(clientId);
  }

  /** The server stored our message (an `ack`): turn the pending bubble into seq `seq`. */
  acknowledge({ client_id: clientId, seq, created_at: createdAt }) {
    const item = this.pending.get(clientId);
    if (!item || this.bySeq.has(seq)) {
      if (item) this.dropPending(clientId);
      return;
    }
    this.pending.delete(clientId);
    item.classList.remove("chat-msg--pending", "chat-msg--failed");
    item.querySelector(".chat-msg__error")?.remove();
    item.dataset.seq = String(seq);
    item.querySelector("time").dateTime = createdAt;
    item.querySelector("time").textContent = clockTime(createdAt, this.lang);
    this.bySeq.set(seq, item);
    this.advance();
    this.placeBySeq(item, seq);
    this.setStatus(item, seq <= this.readBySeq ? this.strings.read : this.strings.sent);
  }

  /**
   * Render a stored `message` frame (replayed, live or our own echo); false when already shown.
   */
  add(frame) {
    if (this.bySeq.has(frame.seq)) return false;
    let item = frame.client_id ? this.pending.get(frame.client_id) : null;
    if (item && frame.sender.kind === this.mine) {
      this.pending.delete(frame.client_id);
      item.classList.remove("chat-msg--pending", "chat-msg--failed");
      item.querySelector("time").dateTime = frame.created_at;
      item.querySelector("time").textContent = clockTime(frame.created_at, this.lang);
      item.querySelector(".chat-msg__error")?.remove();
      // The chosen files were shown by name only; now they can be opened.
      item.querySelector(".chat-files")?.replaceWith(this.buildFiles(frame.attachments));
    } else {
      item = this.build(frame);
    }
    item.dataset.seq = String(frame.seq);
    this.bySeq.set(frame.seq, item);
    this.advance();
    this.placeBySeq(item, frame.seq);
    this.setStatus(item, frame.seq <= this.readBySeq ? this.strings.read : this.strings.sent);
    return true;
  }

  advance() {
    while (this.bySeq.has(this.lastSeq + 1)) this.lastSeq += 1;
  }

  /** True when `seq` leaves a hole after what we have (a message was missed). */
  isGap(seq) {
    return seq > this.lastSeq + 1;
  }

  /** The other side has read up to `seq`: show "Read" under the latest of my messages. */
  setReadBy(seq) {
    if (seq <= this.readBySeq) return;
    const previous = this.readBySeq;
    this.readBySeq = seq;
    for (const [s, item] of this.bySeq) {
      if (s > previous && s <= seq) this.setStatus(item, this.strings.read);
    }
  }

  /** Highest seq of a message from the other side (what "read" acknowledges). */
  lastTheirSeq() {
    let best = 0;
    for (const [seq, item] of this.bySeq) {
      if (!item.classList.contains("chat-msg--mine") && seq > best) best = seq;
    }
    return best;
  }

  /** Messages from the other side after `seq` (the unread count). */
  countTheirsAfter(seq) {
    let count = 0;
    for (const [s, item] of this.bySeq) {
      if (s > seq && item.classList.contains("chat-msg--theirs")) count += 1;
    }
    return count;
  }

  build(frame) {
    const kind = frame.sender.kind;
    const side = kind === "system" ? "system" : kind === this.mine ? "mine" : "theirs";
    const item = el("li", `chat-msg chat-msg--${side}`);
    const bubble = el("div", "chat-msg__bubble");
    appendLinkified(bubble, frame.body);
    if (frame.attachments?.length) bubble.append(this.buildFiles(frame.attachments));
    const meta = el("div", "chat-msg__meta");
    if (side === "theirs" && frame.sender.name) meta.append(el("span", "chat-msg__who", frame.sender.name));
    const time = el("time");
    if (frame.created_at) {
      time.dateTime = frame.created_at;
      time.textContent = clockTime(frame.created_at, this.lang);
    }
    meta.append(time);
    if (side === "mine") meta.append(el("span", "chat-msg__status"));
    if (side === "system") item.append(bubble);
    else {
      // Screen readers hear who spoke before what was said.
      const who = side === "mine" ? this.strings.you : frame.sender.name || this.strings.them;
      bubble.prepend(el("span", "visually-hidden", `${who}: `));
      item.append(bubble, meta);
    }
    return item;
  }

  /** The files of a message: links that open in a new tab (the server sends them with nosniff). */
  buildFiles(attachments = []) {
    const box = el("div", "chat-files");
    for (const file of attachments) {
      const label = `${file.name} (${fileSize(file.size)})`;
      if (!file.url) {
        box.append(el("span", "chat-file", label)); // still being sent
        continue;
      }
      const link = el("a", "chat-file");
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      const isImage = file.content_type.startsWith("image/");
      Promise.resolve(this.fileUrl(file.url)).then((src) => {
        if (!src) return;
        link.href = src;
        // A blob: URL has no Content-Disposition: name the download (PDFs are not shown inline).
        if (src.startsWith("blob:") && !isImage) link.download = file.name;
        if (isImage) link.querySelector("img").src = src;
      });
      if (isImage) {
        link.classList.add("chat-file--image");
        const image = el("img");
        image.alt = file.name;
        image.loading = "lazy";
        // Keep the newest message in view once the picture has its height.
        image.addEventListener("load", () => this.scroll(), { once: true });
        link.append(image);
      } else {
        link.append(el("span", "chat-file__kind", file.content_type === "application/pdf" ? "PDF" : "FILE"), label);
      }
      box.append(link);
    }
    return box;
  }

  setStatus(item, text) {
    const status = item.querySelector(".chat-msg__status");
    if (status) status.textContent = text;
  }

  placeBySeq(item, seq) {
    // Stored messages go in seq order, before the pending ones. Scanning from the end makes the
    // common case (the newest message) cheap even in a long conversation.
    let after = null;
    for (let child = this.list.lastElementChild; child; child = child.previousElementSibling) {
      if (child !== item && child.dataset.seq && Number(child.dataset.seq) < seq) {
        after = child;
        break;
      }
    }
    if (after) after.after(item);
    else this.list.prepend(item);
    this.scroll();
  }

  append(item) {
    this.list.append(item);
    this.scroll();
  }

  scroll() {
    const box = this.list.closest("[data-scroll]") || this.list.parentElement;
    box.scrollTop = box.scrollHeight;
  }
}
