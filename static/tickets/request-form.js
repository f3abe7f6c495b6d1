// The request form: suggests FAQ articles while the subject is typed (deflection), shows the
// chosen topic's own questions, and takes attachments by the file picker, drag and drop or
// paste, with a thumbnail and a remove button each (nothing is uploaded before sending). It
// sends the form with fetch so that, when the server asks for a correction, the page shows its
// answer and keeps the chosen files. Without it the form still works; the server checks all.
const form = document.querySelector("[data-ticket-form]");
const strings = JSON.parse(document.getElementById("ticket-form-strings")?.textContent || "{}");

const format = (text, name) => (text || "").replace("%(name)s", name);

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

const chosen = []; // {file, url}: what will be sent, in order

// "screenshot-20261130-095934.png": a pasted image comes as "image.png" or without a name.
function pastedName(type) {
  const stamp = new Date().toISOString().slice(0, 19).replace(/[-:]/g, "").replace("T", "-");
  const extension = (type.split("/")[1] || "png").replace("jpeg", "jpg");
  return `screenshot-${stamp}.${extension}`;
}

function setupAttachments() {
  const root = form.querySelector("[data-attach]");
  if (!root) return;
  const input = root.querySelector("input[type=file]");
  const zone = root.querySelector("[data-attach-zone]");
  const list = root.querySelector("[data-attach-list]");
  const status = root.querySelector("[data-attach-status]");
  const maxFiles = Number(root.dataset.maxFiles) || 5;
  const maxBytes = Number(root.dataset.maxBytes) || 10 * 1024 * 1024;
  const accept = (root.dataset.accept || "").split(",").map((item) => item.trim().toLowerCase());

  // The picker opens from a real button; the browser's own file input is kept hidden.
  const button = document.createElement("button");
  button.type = "button";
  button.className = zone.className;
  button.setAttribute("data-attach-zone", "");
  button.setAttribute("aria-describedby", `${input.id}_helptext`);
  button.append(...zone.childNodes);
  zone.replaceWith(button);
  input.hidden = true;
  input.tabIndex = -1;

  const warn = (text) => {
    const warning = form.querySelector("[data-file-warning]");
    if (!warning) return;
    warning.textContent = text;
    warning.hidden = !text;
  };

  const accepted = (file) => {
    const extension = `.${(file.name.split(".").pop() || "").toLowerCase()}`;
    return accept.includes((file.type || "").toLowerCase()) || accept.includes(extension);
  };

  const sizeText = (bytes) =>
    bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

  const render = () => {
    list.replaceChildren(
      ...chosen.map((item, index) => {
        const li = document.createElement("li");
        li.className = "attach__item";
        if (item.url) {
          const img = document.createElement("img");
          img.className = "attach__thumb";
          img.src = item.url;
          img.alt = "";
          li.append(img);
        } else {
          const badge = document.createElement("span");
          badge.className = "attach__thumb attach__thumb--doc";
          badge.setAttribute("aria-hidden", "true");
          badge.textContent = "PDF";
          li.append(badge);
        }
        const name = document.createElement("span");
        name.className = "attach__name";
        name.textContent = item.file.name;
        const size = document.createElement("span");
        size.className = "attach__size";
        size.textContent = sizeText(item.file.size);
        const text = document.createElement("span");
        text.className = "attach__meta";
        text.append(name, size);
        const remove = document.createElement("button");
        remove.type = "button";
        remove.className = "attach__remove";
        remove.setAttribute("aria-label", format(strings.remove, item.file.name));
        remove.dataset.index = String(index);
        remove.innerHTML =
          '<svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round"><path d="M6 6l12 12M18 6L6 18"/></svg>';
        li.append(text, remove);
        return li;
      }),
    );
    list.hidden = chosen.length === 0;
  };

  const add = (files) => {
    const added = [];
    let problem = "";
    for (const original of files) {
      // A pasted screenshot may come without a useful name.
      const file =
        original.name && original.name !== "image.png"
          ? original
          : new File([original], pastedName(original.type), { type: original.type });
      if (chosen.length >= maxFiles) {
        problem = strings.tooMany;
        break;
      }
      if (!accepted(file)) {
        problem = format(strings.badType, file.name);
        continue;
      }
      if (file.size > maxBytes) {
        problem = format(strings.tooLarge, file.name);
        continue;
      }
      chosen.push({ file, url: file.type.startsWith("image/") ? URL.createObjectURL(file) : "" });
      added.push(file.name);
    }
    warn(problem);
    if (added.length) {
      render();
      status.textContent = added.map((name) => format(strings.added, name)).join(" ");
    }
  };

  button.addEventListener("click", () => input.click());
  input.addEventListener("change", () => {
    add([...input.files]);
    input.value = ""; // the files live in `chosen` now; the same file can be picked again
  });

  list.addEventListener("click", (event) => {
    const remove = event.target.closest(".attach__remove");
    if (!remove) return;
    const index = Number(remove.dataset.index);
    const [item] = chosen.splice(index, 1);
    if (item.url) URL.revokeObjectURL(item.url);
    render();
    warn("");
    status.textContent = format(strings.removed, item.file.name);
    // Keep the keyboard where it was: the next file's remove button, or the picker.
    const buttons = list.querySelectorAll(".attach__remove");
    (buttons[Math.min(index, buttons.length - 1)] || button).focus();
  });

  for (const type of ["dragenter", "dragover"]) {
    root.addEventListener(type, (event) => {
      if (![...(event.dataTransfer?.types || [])].includes("Files")) return;
      event.preventDefault();
      root.classList.add("attach--over");
    });
  }
  root.addEventListener("dragleave", (event) => {
    if (!root.contains(event.relatedTarget)) root.classList.remove("attach--over");
  });
  root.addEventListener("drop", (event) => {
    event.preventDefault();
    root.classList.remove("attach--over");
    add([...(event.dataTransfer?.files || [])]);
  });

  // A screenshot pasted anywhere on the page is attached; pasted text goes where it always did.
  document.addEventListener("paste", (event) => {
    const files = [...(event.clipboardData?.files || [])];
    if (!files.length) return;
    event.preventDefault();
    add(files);
  });

  render();
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
    for (const item of chosen) data.append("attachments", item.file, item.file.name);
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
  setupAttachments();
  setupSending();
}
