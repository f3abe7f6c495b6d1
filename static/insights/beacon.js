// Reports the reading of an article to the event log (insights.views.beacon), which cached
// article pages and articles read inside the chat widget cannot do otherwise. Also carries
// "this article was offered to me" from the page that offered it (a suggestion, the search
// results) to the article page, through localStorage so that a new tab sees it too.

const BEACON_URL = "/api/insights/beacon";
const OFFER_KEY = "hc-insights:offer";
const OFFER_TTL_MS = 10 * 60 * 1000;

/**
 * @param {{article: number, source?: string, channel?: "web"|"widget", lang?: string}} event
 *   source: "suggestion", "topic" or "search" when the article was offered; "" otherwise.
 */
export function reportArticle({ article, source = "", channel = "web", lang = document.documentElement.lang }) {
  const body = JSON.stringify({ article, source, channel, lang });
  const blob = new Blob([body], { type: "application/json" });
  try {
    if (navigator.sendBeacon?.(BEACON_URL, blob)) return;
  } catch {
    /* a blocked beacon is not the reader's problem */
  }
  fetch(BEACON_URL, { method: "POST", body, keepalive: true, credentials: "same-origin",
    headers: { "Content-Type": "application/json" } }).catch(() => {});
}

/** Remember that the article at `href` was offered by `source`, for its page to report. */
export function rememberOffer(href, source) {
  try {
    const path = new URL(href, window.location.href).pathname;
    localStorage.setItem(OFFER_KEY, JSON.stringify({ path, source, at: Date.now() }));
  } catch {
    /* storage disabled: the view is reported as a plain view */
  }
}

/** The source that offered the page at `path`, if it was offered lately; forgotten once read. */
export function takeOffer(path) {
  try {
    const offer = JSON.parse(localStorage.getItem(OFFER_KEY) || "null");
    if (!offer || offer.path !== path || Date.now() - offer.at > OFFER_TTL_MS) return "";
    localStorage.removeItem(OFFER_KEY);
    return typeof offer.source === "string" ? offer.source : "";
  } catch {
    return "";
  }
}
