// Knowledge base: type-ahead suggestions in search boxes, "Was this helpful?" votes, and the
// "Chat with us" buttons. Strings and endpoints come from the page (#faq-strings).
const strings = JSON.parse(document.getElementById("faq-strings")?.textContent || "{}");

function debounce(fn, ms) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

function setupSuggest(form) {
  const input = form.querySelector("input[name=q]");
  const list = form.querySelector(".faq-suggest");
  if (!input || !list) return;
  let items = [];
  let active = -1;
  let controller = null;

  const close = () => {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };
  const highlight = (index) => {
    items.forEach((el, i) => el.setAttribute("aria-selected", String(i === index)));
    active = index;
    if (index >= 0) input.setAttribute("aria-activedescendant", items[index].id);
    else input.removeAttribute("aria-activedescendant");
  };
  const show = (results) => {
    list.replaceChildren();
    results.forEach((result, i) => {
      const li = document.createElement("li");
      li.id = `${list.id}-${i}`;
      li.setAttribute("role", "option");
      const link = document.createElement("a");
      link.href = result.url;
      const title = document.createElement("span");
      title.className = "faq-suggest__title";
      title.textContent = result.title;
      const meta = document.createElement("span");
      meta.className = "faq-suggest__meta";
      meta.textContent = result.category;
      link.append(title, meta);
      li.append(link);
      list.append(li);
    });
    const all = document.createElement("li");
    all.id = `${list.id}-all`;
    all.setAttribute("role", "option");
    all.className = "faq-suggest__all";
    const link = document.createElement("a");
    link.href = `${strings.searchUrl}?q=${encodeURIComponent(input.value.trim())}`;
    link.textContent = results.length ? strings.seeAll : strings.noMatch;
    all.append(link);
    list.append(all);
    items = [...list.children];
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    highlight(-1);
  };
  const fetchSuggestions = debounce(async () => {
    const q = input.value.trim();
    if (q.length < 2) return close();
    controller?.abort();
    controller = new AbortController();
    const url = `${strings.suggestUrl}?${new URLSearchParams({ q, lang: strings.lang, limit: "6" })}`;
    try {
      const response = await fetch(url, { signal: controller.signal, headers: { Accept: "application/json" } });
      if (!response.ok) return close();
      const data = await response.json();
      if (input.value.trim() === q) show(data.results);
    } catch (error) {
      if (error.name !== "AbortError") close();
    }
  }, 150);

  input.addEventListener("input", fetchSuggestions);
  input.addEventListener("keydown", (event) => {
    if (list.hidden) return;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      highlight((active + 1) % items.length);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      highlight(active <= 0 ? items.length - 1 : active - 1);
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      window.location.assign(items[active].querySelector("a").href);
    } else if (event.key === "Escape") {
      close();
    }
  });
  document.addEventListener("click", (event) => {
    if (!form.contains(event.target)) close();
  });
}

function csrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

async function postVote(body) {
  // Cached article pages carry no CSRF token: get the cookie first when it is missing.
  if (!csrfToken()) await fetch(strings.csrfUrl, { credentials: "same-origin" });
  const response = await fetch(strings.voteUrl, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
    body: JSON.stringify({ ...body, lang: strings.lang }),
  });
  if (!response.ok) throw new Error(`vote failed: ${response.status}`);
  return response.json();
}

function setupFeedback(section) {
  const status = section.querySelector(".faq-feedback__status");
  const form = section.querySelector(".faq-feedback__comment");
  const buttons = section.querySelectorAll("[data-vote]");
  let helpful = null;

  buttons.forEach((button) => {
    button.addEventListener("click", async (event) => {
      event.preventDefault(); // the form is for browsers without JavaScript
      const choice = button.dataset.vote === "yes";
      try {
        await postVote({ helpful: choice });
        helpful = choice;
        buttons.forEach((b) => b.setAttribute("aria-pressed", String(b === button)));
        status.textContent = choice ? strings.thanks : strings.sorry;
        form.hidden = false;
      } catch {
        status.textContent = strings.error;
      }
    });
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const comment = form.elements.comment.value.trim();
    if (!comment || helpful === null) return;
    try {
      await postVote({ helpful, comment });
      status.textContent = strings.commentSaved;
      form.hidden = true;
    } catch {
      status.textContent = strings.error;
    }
  });
}

function setupChatButtons() {
  // Opens the chat launcher's panel (templates/chat/loader.js: #hc-chat, an open shadow root);
  // a launcher may instead handle and cancel "hc:open-chat". Without either, the link's own
  // target (the full-page chat) opens.
  document.querySelectorAll("[data-faq-open-chat]").forEach((link) => {
    link.addEventListener("click", (event) => {
      if (!window.dispatchEvent(new CustomEvent("hc:open-chat", { cancelable: true }))) {
        event.preventDefault();
        return;
      }
      const host = document.getElementById("hc-chat");
      const launcher = host?.shadowRoot?.querySelector(".launcher");
      if (!launcher) return;
      event.preventDefault();
      if (!host.hasAttribute("data-open")) launcher.click();
    });
  });
}

document.querySelectorAll("[data-faq-suggest]").forEach(setupSuggest);
document.querySelectorAll("[data-faq-feedback]").forEach(setupFeedback);
setupChatButtons();
