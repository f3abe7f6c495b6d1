// The request form: suggests FAQ articles while the subject is typed (deflection), shows the
// chosen topic's own questions, and takes attachments by the file picker, drag and drop or
// paste, with a thumbnail and a remove button each (nothing is uploaded before sending). It
// sends the form with fetch so that, when the server asks for a correction, the page shows its
// answer and keeps the chosen files. Without it the form still works; the server checks all.
import { setupAttachments } from "./attachments.js";

const form = document.querySelector("[data-ticket-form]");
const strings = JSON.parse(document.getElementById("ticket-form-strings")?.textContent || "{}");


function debounce(fn, ms) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

// --- FAQ suggestions --------------------------------------------------------------------------

function setupSuggestions() {
  let controller = null;

  const show = (results) => {
    const box = form.querySelector("[data-suggest]");
    const list = form.querySelector("[data-suggest-list]");
    if (!box || !list) return;
    list.replaceChildren(
      ...results.slice(0, 5).map((item) => {
        const li = document.createElement("li");
        const link = document.createElement("a");
        link.href = item.url;
        link.target = "_blank";
        link.rel = "noopener";
        link.textContent = item.title;
        li.append(link);
        if (item.snippet) {
          const p = document.createElement("p");
          p.textContent = item.snippet;
          li.append(p);
        }
        return li;
      }),
    );
    box.hidden = results.length === 0;
  };

  const lookup = debounce(async (q) => {
    if (q.length < 2) return show([]);
    controller?.abort();
    controller = new AbortController();
    const url = `${form.dataset.suggestUrl}?q=${encodeURIComponent(q)}&lang=${encodeURIComponent(form.dataset.lang)}`;
    try {
      const response = await fetch(url, { signal: controller.signal, headers: { Accept: "application/json" } });
      // No suggestions service (or it is busy): the form simply works without suggestions.
      if (!response.ok) return show([]);
      const data = await response.json();
      show(Array.isArray(data.results) ? data.results : []);
    } catch (error) {
      if (error.name !== "AbortError") show([]);
    }
  }, 250);

  // Listeners sit on the form itself: its contents are replaced when the server answers.
  form.addEventListener("input", (event) => {
    if (event.target.name === "subject") lookup(event.target.value.trim());
  });
}

// --- The chosen topic's questions ------------------------------------------------------------

function showTopic(topicId) {
  let asksTransaction = false;
  for (const block of form.querySelectorAll("[data-topic-fields]")) {
    const chosen = block.dataset.topicFields === topicId;
    block.hidden = !chosen;
    block.disabled = !chosen; // hidden questions are not sent
    if (chosen) asksTransaction = block.hasAttribute("data-asks-transaction");
  }
  // The topic asks for its transaction number itself: the general field would ask twice.
  const general = form.querySelector("[data-general-transaction]");
  if (general) general.hidden = asksTransaction;
}

function setupTopics() {
  form.addEventListener("change", (event) => {
    if (event.target.name === "category") showTopic(event.target.value);
  });
}

// --- Attachments -------------------------------------------------------------------------------

let attached = { files: () => [] }; // the chosen files (static/tickets/attachments.js)

function setupFiles() {
  const root = form.querySelector("[data-attach]");
  if (!root) return;
  const warn = (text) => {
    const warning = form.querySelector("[data-file-warning]");
    if (!warning) return;
    warning.textContent = text;
    warning.hidden = !text;
  };
  attached = setupAttachments(root, { strings, warn });
}

// --- Sending -----------------------------------------------------------------------------------

function setupSending() {
  let busy = false;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (busy) return;
    busy = true;
    const submit = form.querySelector("[type=submit]");
    submit?.setAttribute("aria-disabled", "true");
    const data = new FormData(form);
    data.delete("attachments");
    for (const file of attached.files()) data.append("attachments", file, file.name);
    let response;
    try {
      response = await fetch(form.getAttribute("action") || window.location.href, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-Request-Form": "fetch" },
      });
    } catch {
      response = null;
    }
    busy = false;
    submit?.removeAttribute("aria-disabled");
    if (!response) {
      const warning = form.querySelector("[data-file-warning]");
      if (warning) {
        warning.textContent = strings.failed;
        warning.hidden = false;
      }
      return;
    }
    if ((response.headers.get("Content-Type") || "").includes("application/json")) {
      const answer = await response.json();
      window.location.assign(answer.redirect);
      return;
    }
    showAnswer(await response.text());
  });
}

function showAnswer(html) {
  // The server's page with its errors and the customer's text; the live attachments block
  // (and the files chosen in it) takes the place of the answer's empty one.
  const answer = new DOMParser().parseFromString(html, "text/html").querySelector("[data-ticket-form]");
  if (!answer) return;
  const live = form.querySelector("[data-attach]");
  const empty = answer.querySelector("[data-attach]");
  if (live && empty) empty.replaceWith(live);
  form.replaceChildren(...answer.childNodes);
  const target =
    form.querySelector(".field--error input:not([type=file]), .field--error select, .field--error textarea") ||
    form.querySelector(".field--error [data-attach-zone]") ||
    form.querySelector("[role=alert]");
  if (target) {
    if (!target.matches("input, select, textarea, button")) target.tabIndex = -1;
    target.focus();
    form.querySelector("[role=alert]")?.scrollIntoView({ block: "start" });
  }
}

if (form) {
  setupSuggestions();
  setupTopics();
  setupFiles();
  setupSending();
}
