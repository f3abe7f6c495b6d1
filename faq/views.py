"""Public knowledge-base pages. Home, category and article pages are cached whole per language
(see ``faq.caching``) for visitors without a session; the search page is rendered each time."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.i18n import language_suffix, localized
from core.person_pages import render_for_person
from core.ratelimits import rate_limited
from faq import caching, selectors, services, signals
from faq.api import VOTE_RATE, remember_visitor, visitor_key
from faq.forms import FeedbackForm
from faq.middleware import shareable, visitor
from faq.rendering import html_to_text, truncate

SEARCH_PAGE_RESULTS = 20
META_DESCRIPTION_CHARS = 155
# What a shared copy is rendered with: nobody's user, messages or CSRF token, so that one copy
# serves every anonymous visitor and the session is never touched (no ``Vary: Cookie``).
ANONYMOUS_CONTEXT = {"user": AnonymousUser(), "messages": (), "csrf_token": "NOTPROVIDED"}


# The article page's template (helpcenter.person_wsgi looks its copies up by it).
ARTICLE_TEMPLATE = "faq/article.html"


def _language_links(build: Callable[[str], str]) -> list[dict[str, str]]:
    return [
        {"code": code, "name": name, "url": build(language_suffix(code))}
        for code, name in settings.LANGUAGES
    ]


def _cached_page(
    request: HttpRequest,
    template: str,
    build: Callable[[], dict[str, Any]],
    *,
    viewed: str | None = None,
) -> HttpResponse:
    """Render ``template`` with the context ``build()`` makes.

    For visitors without a session it is rendered as the copy every such visitor shares, which
    ``faq.middleware.SharedPageMiddleware`` stores and serves (and counts views for). Everyone
    else gets the copy for their audience from ``core.person_pages`` (current with the content
    generation, so an edit shows at once); ``viewed`` (an article slug) then counts their view
    here, once a day, in the cache only: no database write on the request path."""
    if shareable(request):
        context = build()
        article = context.get("article")
        content = render_to_string(template, {**context, **ANONYMOUS_CONTEXT}, request)
        response = HttpResponse(content)
        response.shared_page = {"article_id": article.pk if article else None}
        return response
    seen = caching.seen_key(viewed, visitor(request)) if viewed else None
    generation, first_view = caching.generation_and_first_view(seen)
    try:
        # Knowledge-base pages hold nothing personal but the page frame's CSRF token.
        response = render_for_person(
            request,
            template,
            lambda fill: build(),
            key=(generation,),
            remember=lambda page: page["article"].pk if "article" in page else None,
        )
    except Http404:
        if seen and first_view:
            caching.forget_view(seen)
        raise
    if first_view and response.remembered:
        caching.count_view(response.remembered)
    return response


def _strings(request: HttpRequest, **extra: str) -> dict[str, str]:
    """What faq.js needs: endpoints and its translated messages."""
    return {
        "lang": request.LANGUAGE_CODE,
        "suggestUrl": "/api/faq/suggest",
        "searchUrl": reverse("faq:search"),
        "seeAll": _("See all results"),
        "noMatch": _("No matching answers yet. Press Enter to search."),
        **extra,
    }


def _base_context(request: HttpRequest, **strings: str) -> dict[str, Any]:
    site_root = settings.SITE_URL.rstrip("/")
    return {
        "site_root": site_root,
        "canonical_url": site_root + request.path,
        "faq_strings": _strings(request, **strings),
    }


def home(request: HttpRequest) -> HttpResponse:
    """The help center's front page: search, topics, most viewed answers, ways to contact us."""

    def build() -> dict[str, Any]:
        links = _language_links(lambda lang: f"/{selectors.language_code(lang)}/")
        return {
            **_base_context(request),
            "categories": list(selectors.category_list()),
            "most_viewed": list(selectors.article_list_most_viewed(limit=6)),
            "language_links": links,
        }

    return _cached_page(request, "faq/home.html", build)


def category_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One topic: its description and its published articles in order."""

    def build() -> dict[str, Any]:
        category = selectors.category_get_active(slug=slug)
        links = _language_links(
            lambda lang: f"/{selectors.language_code(lang)}/categories/{category.slug}/"
        )
        return {
            **_base_context(request),
            "category": category,
            "articles": list(selectors.category_articles(category=category)),
            "categories": list(selectors.category_list()),
            "language_links": links,
        }

    return _cached_page(request, "faq/category.html", build)


def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """An answer with breadcrumbs, related answers, feedback and a way to reach us."""

    def build() -> dict[str, Any]:
        article = selectors.article_get_published(slug=slug)
        language = language_suffix(request.LANGUAGE_CODE)
        body_html = localized(article, "body_html", language)
        summary = localized(article, "summary", language) or html_to_text(body_html)
        links = _language_links(lambda lang: selectors.article_url(article, lang))
        return {
            **_base_context(
                request,
                voteUrl=reverse("faq-vote", kwargs={"article_id": article.pk}),
                csrfUrl=reverse("faq-csrf"),
                thanks=_("Thanks for your feedback!"),
                sorry=_("Sorry this did not help. Tell us what was missing?"),
                commentSaved=_("Thank you, your comment was sent to our team."),
                error=_("Your vote could not be sent. Please try again."),
            ),
            "article": article,
            "category": article.category,
            # Sanitised by nh3 when the article was saved (faq.rendering).
            "body_html": mark_safe(body_html),  # noqa: S308
            "meta_description": truncate(summary, META_DESCRIPTION_CHARS),
            "related": list(selectors.article_list_related(article=article)),
            "language_links": links,
        }

    return _cached_page(request, ARTICLE_TEMPLATE, build, viewed=slug)


@require_http_methods(["GET", "POST"])
@rate_limited("faq:feedback", VOTE_RATE)
def article_feedback(request: HttpRequest, slug: str) -> HttpResponse:
    """The "Was this helpful?" vote without JavaScript. The article's Yes/No buttons lead
    here (a shared article page carries no CSRF token, so it cannot post the vote itself); this
    page's form posts it with a token, records it like the JSON endpoint (one vote per visitor
    and article) and goes back to the article with a thank-you message."""
    article = selectors.article_get_published(slug=slug)
    language = language_suffix(request.LANGUAGE_CODE)
    if request.method == "POST":
        form = FeedbackForm(request.POST)
        if form.is_valid():
            key, is_new = visitor_key(request)
            comment = form.cleaned_data["comment"].strip()
            services.vote_record(
                article=article,
                visitor_key=key,
                helpful=form.cleaned_data["helpful"],
                comment=comment,
                language=language,
            )
            if comment:
                messages.success(request, _("Thank you, your comment was sent to our team."))
            else:
                messages.success(request, _("Thanks for your feedback!"))
            response = redirect(selectors.article_url(article, language))
            if is_new:
                remember_visitor(request, response, key)
            return response
    else:
        form = FeedbackForm(initial={"helpful": request.GET.get("helpful")})
    return render(
        request,
        "faq/feedback.html",
        {"article": article, "category": article.category, "form": form},
    )


@rate_limited("faq:search", lambda: settings.FAQ_SUGGEST_RATE, methods=None)
def search(request: HttpRequest) -> HttpResponse:
    """Search results with highlighted snippets; searches that find nothing are logged. Typos
    are corrected unless ``exact=1`` (the page's "search instead for" link)."""
    query = request.GET.get("q", "")
    exact = request.GET.get("exact") == "1"
    language = language_suffix(request.LANGUAGE_CODE)
    results = selectors.article_search_results(
        query=query, language=language, limit=SEARCH_PAGE_RESULTS, exact=exact
    )
    hits = results.hits
    normalized = " ".join(query.split())[:200]
    if normalized and not hits:
        services.search_miss_record(query=normalized, language=language)
    if normalized:
        signals.searched.send(
            sender=None,
            request=request,
            query=normalized,
            language=language,
            article_ids=[hit.article_id for hit in hits],
            where="page",
        )
    return render(
        request,
        "faq/search.html",
        {
            "query": normalized,
            "corrected": results.corrected,
            "hits": hits,
            "categories": list(selectors.category_list()) if not hits else [],
            "faq_strings": _strings(request),
        },
    )
