// "Search our help" (templates/chat/_app.html, panel "help"): what the chat widget and the
// full-page chat open on when no conversation is in progress. The top answers for the page's
// topic (or the most read ones), a search box asking the suggestions API as the customer
// types, and each answer read here, inside the chat, with a way back. "Chat with us" and
// "Leave a request" stay at the bottom. Every reading is reported to the event log
// (static/insights/beacon.js); what was shown is recorded by the suggestions API itself.

import { rememberOffer, reportArticle } from "../insights/beacon.js";
import { callApi } from "./api.js";
import { el, format, safeHttpUrl } from "./text.js";

const SEARCH_DELAY_MS = 300;
const MIN_CHARS = 2;
const LIMIT = 5;

/**
 * @param {{root: HTMLElement, config: object, strings: object, showPanel: (name: string) => void,
 *   onChat: (query: string) => Promise<void>|void, onRequest: (query: string) => Promise<void>|void,
 *   autofocus: boolean}} options
 * @returns {{show: () => Promise<void>}}
 */
export function setupHelp({ root, config, strings, showPanel, onChat, onRequest, autofocus }) {
  const $ = (selector) => root.querySelector(selector);
  const input = $("#chat-help-q");
  const finder = $("[data-help-finder]");
  const heading = $("[data-help-heading]");
  const status = $("[data-help-status]");
  const list = $("[data-help-results]");
  const reader = $("[data-help-article]");
  const body = root.querySelector("[data-scroll]");
  const help = { top: null, query: "", timer: null, openedFrom: null, loading: 0 };

  async function fetchArticles(params) {
    const search = new URLSearchParams({ ...params, lang: config.lang, limit: String(LIMIT), from: "widget" });
    const result = await callApi(`${config.suggestUrl}?${search}`);
    return result.ok ? result.data.results || [] : [];
  }

  function render(results, query) {
    heading.textContent = query ? strings.help_results : strings.help_popular;
    list.replaceChildren();
    for (const result of results) {
      const url = safeHttpUrl(new URL(result.url, window.location.href).href);
      if (!url || !Number.isInteger(result.id)) continue;
      const link = el("a", "chat-help__result");
      link.href = url.href;
      link.dataset.id = String(result.id);
      link.dataset.source = query ? "suggestion" : "topic";
      link.append(el("span", "chat-help__result-title", result.title));
      if (result.snippet) link.append(el("span", "chat-help__result-snippet", result.snippet));
      const item = el("li");
      item.append(link);
      list.append(item);
    }
    if (!query) status.textContent = "";
    else if (list.children.length) status.textContent = format(strings.help_found, { count: list.children.length });
    else status.textContent = strings.help_none;
  }

  async function search() {
    clearTimeout(help.timer);
    const query = input.value.trim();
    if (query.length < MIN_CHARS) {
      help.query = "";
      render(help.top || [], "");
      return;
    }
    if (query === help.query) return;
    help.query = query;
    const results = await fetchArticles({ q: query });
    if (input.value.trim() === query) render(results, query);
  }

  function showList() {
    reader.hidden = true;
    finder.hidden = false;
    help.openedFrom?.focus();
  }

  async function openArticle(link) {
    const loading = ++help.loading;
    status.textContent = strings.help_loading;
    const result = await callApi(`${config.articleUrl}${link.dataset.id}?lang=${encodeURIComponent(config.lang)}`);
    if (loading !== help.loading) return; // another answer was chosen meanwhile
    if (!result.ok) {
      status.textContent = strings.help_error;
      return;
    }
    status.textContent = "";
    const article = result.data;
    $("[data-help-title]").textContent = article.title;
    $("[data-help-category]").textContent = article.category;
    // Sanitised by the server (nh3, allow-listed tags and URL schemes) when it was saved;
    // parsed in an inert document and moved in, so nothing in it runs while being read.
    const parsed = new DOMParser().parseFromString(article.body_html, "text/html");
    for (const anchor of parsed.querySelectorAll("a[href]")) {
      anchor.target = "_blank";
      anchor.rel = "noopener noreferrer";
    }
    $("[data-help-body]").replaceChildren(...parsed.body.childNodes);
    $("[data-help-link]").href = link.href;
    help.openedFrom = link;
    finder.hidden = true;
    reader.hidden = false;
    body.scrollTop = 0;
    $("[data-help-title]").focus();
    reportArticle({ article: Number(link.dataset.id), source: link.dataset.source, channel: "widget", lang: config.lang });
  }

  /** After "Chat with us" or "Leave a request": focus the first field of the form shown. */
  function focusForm() {
    const panel = root.querySelector("[data-panel-name]:not([hidden])");
    panel?.querySelector("input:not([type=hidden]), select, textarea")?.focus();
  }

  input.addEventListener("input", () => {
    clearTimeout(help.timer);
    help.timer = setTimeout(search, SEARCH_DELAY_MS);
  });
  $("[data-help-search]").addEventListener("submit", (event) => {
    event.preventDefault();
    search();
  });
  list.addEventListener("click", (event) => {
    const link = event.target.closest("a.chat-help__result");
    if (!link) return;
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) {
      rememberOffer(link.href, link.dataset.source); // opened in a new tab: its page reports
      return;
    }
    event.preventDefault();
    openArticle(link);
  });
  $("[data-help-back]").addEventListener("click", showList);
  // The start form's own suggestions open in a new tab: that page reports them as offered.
  $("[data-suggest]")?.addEventListener("click", (event) => {
    const link = event.target.closest("a[href]");
    if (link) rememberOffer(link.href, "suggestion");
  });
  for (const button of root.querySelectorAll("[data-help-action]")) {
    button.addEventListener("click", async () => {
      const query = input.value.trim();
      if (button.dataset.helpAction === "chat") await onChat(query);
      else await onRequest(query);
      focusForm();
    });
  }

  return {
    async show() {
      showList();
      showPanel("help");
      if (help.top === null) {
        help.top = await fetchArticles({ q: "", topic: config.topic || "" });
        if (!help.query) render(help.top, "");
      }
      if (autofocus) input.focus();
    },
  };
}
