// Attachments chosen by the file picker, drag and drop or paste, each with a thumbnail (images)
// and a remove button; nothing is uploaded before the form is sent. Shared by the customer's
// request form (static/tickets/request-form.js) and the staff workspace's composer
// (static/workspace/pane.js). The markup: an element with data-attach (data-max-files,
// data-max-bytes, data-accept) holding the file input, a [data-attach-zone] label,
// a [data-attach-list] list and a [data-attach-status] live region.
//
// setupAttachments(root, {strings, warn, pasteTarget}) returns {files(), clear()}; `strings`
// has remove, tooMany, badType, tooLarge, added, removed (with %(name)s); `warn(text)` shows a
// problem ("" hides it); pasted files are taken from `pasteTarget` (default: the document).

const format = (text, name) => (text || "").replace("%(name)s", name);

// "screenshot-20261130-095934.png": a pasted image comes as "image.png" or without a name.
function pastedName(type) {
  const stamp = new Date().toISOString().slice(0, 19).replace(/[-:]/g, "").replace("T", "-");
  const extension = (type.split("/")[1] || "png").replace("jpeg", "jpg");
  return `screenshot-${stamp}.${extension}`;
}

export function setupAttachments(root, { strings = {}, warn = () => {}, pasteTarget = document } = {}) {
  const chosen = []; // {file, url}: what will be sent, in order
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
  pasteTarget.addEventListener("paste", (event) => {
    const files = [...(event.clipboardData?.files || [])];
    if (!files.length) return;
    event.preventDefault();
    add(files);
  });

  render();
  return {
    files: () => chosen.map((item) => item.file),
    clear: () => {
      for (const item of chosen.splice(0)) if (item.url) URL.revokeObjectURL(item.url);
      render();
    },
  };
}
