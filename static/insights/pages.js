// On every help center page (templates/base.html): an article page reports that it was read,
// and says whether a suggestion or the search results offered it; links that offer articles
// (type-ahead suggestions, search results, the request form's suggestions) are remembered.
import { rememberOffer, reportArticle, takeOffer } from "./beacon.js";

const OFFERS = [
  [".faq-suggest a", "suggestion"],
  ["[data-suggest] a", "suggestion"],
  [".faq-results a", "search"],
];

function offerOf(link) {
  for (const [selector, source] of OFFERS) if (link.matches(selector)) return source;
  return "";
}

// auxclick too: a middle click opens the link in a new tab without a click event.
for (const type of ["click", "auxclick"]) {
  document.addEventListener(type, (event) => {
    const link = event.target.closest?.("a[href]");
    const source = link && offerOf(link);
    if (source) rememberOffer(link.href, source);
  }, true);
}

// The type-ahead opens its highlighted suggestion on Enter itself (static/faq/faq.js).
document.addEventListener("keydown", (event) => {
  const active = event.key === "Enter" && event.target.getAttribute?.("aria-activedescendant");
  const link = active && document.getElementById(active)?.querySelector("a[href]");
  const source = link && offerOf(link);
  if (source) rememberOffer(link.href, source);
}, true);

const article = document.querySelector("[data-article-id]");
if (article) {
  const id = Number(article.dataset.articleId);
  if (Number.isInteger(id)) reportArticle({ article: id, source: takeOffer(window.location.pathname) });
}
