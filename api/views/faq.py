"""The knowledge base and the topics, read-only."""

from typing import Any

from django.utils.translation import get_language
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.pagination import PositionCursor
from api.permissions import Customer, FaqReader, StaffKey
from api.serializers import faq as s
from api.serializers import page_of
from core import topics
from core.i18n import language_suffix, localized
from faq import selectors
from tickets import services as ticket_services


def _language(request: Request, query: dict[str, Any]) -> str:
    """The content language: ``lang`` when given, else the request's (Accept-Language)."""
    return language_suffix(query.get("lang") or request.LANGUAGE_CODE)


def _query(serializer_class: type, request: Request) -> dict[str, Any]:
    serializer = serializer_class(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _category(category: Any, language: str) -> dict[str, Any]:
    return {
        "slug": category.slug,
        "name": localized(category, "name", language),
        "description": localized(category, "description", language),
        "article_count": getattr(category, "article_count", 0),
    }


def _article_summary(article: Any, language: str) -> dict[str, Any]:
    return {
        "id": article.pk,
        "slug": article.slug,
        "title": localized(article, "title", language),
        "summary": localized(article, "summary", language),
        "url": selectors.article_url(article, language),
        "updated_at": article.updated_at,
    }


def _hit(hit: selectors.SearchHit) -> dict[str, Any]:
    return {"article_id": hit.article_id, **hit.as_suggestion()}


class FaqCategories(APIView):
    permission_classes = [FaqReader]

    @extend_schema(
        operation_id="faq_categories",
        tags=["faq"],
        parameters=[s.LanguageQuery],
        responses=s.FaqCategory(many=True),
    )
    def get(self, request: Request) -> Response:
        language = _language(request, _query(s.LanguageQuery, request))
        return Response([_category(c, language) for c in selectors.category_list()])


class FaqCategoryArticles(APIView):
    permission_classes = [FaqReader]
    pagination_class = PositionCursor

    @extend_schema(
        operation_id="faq_category_articles",
        tags=["faq"],
        parameters=[
            s.LanguageQuery,
            OpenApiParameter("cursor", str, description="From the previous page's next link."),
            OpenApiParameter("limit", int, description="Articles per page, 1-100."),
        ],
        responses=page_of(s.FaqArticleSummary),
    )
    def get(self, request: Request, slug: str) -> Response:
        language = _language(request, _query(s.LanguageQuery, request))
        category = selectors.category_get_active(slug=slug)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            selectors.category_articles(category=category), request, view=self
        )
        return paginator.get_paginated_response([_article_summary(a, language) for a in page])


class FaqArticle(APIView):
    permission_classes = [FaqReader]

    @extend_schema(
        operation_id="faq_article",
        tags=["faq"],
        parameters=[s.LanguageQuery],
        responses=s.FaqArticle,
    )
    def get(self, request: Request, slug: str) -> Response:
        language = _language(request, _query(s.LanguageQuery, request))
        article = selectors.article_get_published(slug=slug)
        return Response(
            {
                **_article_summary(article, language),
                "category": _category(article.category, language),
                "body_html": localized(article, "body_html", language),
            }
        )


class FaqSearch(APIView):
    permission_classes = [FaqReader]

    @extend_schema(
        operation_id="faq_search",
        tags=["faq"],
        parameters=[s.SearchQuery],
        responses=s.SearchResults,
    )
    def get(self, request: Request) -> Response:
        query = _query(s.SearchQuery, request)
        found = selectors.article_search_results(
            query=query["q"], language=_language(request, query), limit=query["limit"]
        )
        return Response({"results": [_hit(h) for h in found.hits], "corrected": found.corrected})


class FaqSuggestions(APIView):
    """Type-ahead while a customer writes (the same as the site's suggestions)."""

    permission_classes = [FaqReader]

    @extend_schema(
        operation_id="faq_suggestions",
        tags=["faq"],
        parameters=[s.SearchQuery],
        responses=s.Suggestions,
    )
    def get(self, request: Request) -> Response:
        query = _query(s.SearchQuery, request)
        hits = selectors.article_search(
            query=query["q"], language=_language(request, query), limit=query["limit"]
        )
        return Response({"results": [_hit(h) for h in hits]})


class Topics(APIView):
    """The topics a request or a chat is about (the request form's list)."""

    permission_classes = [FaqReader | Customer | StaffKey]

    @extend_schema(operation_id="topics", tags=["topics"], responses=s.TopicList)
    def get(self, request: Request) -> Response:
        rows = [
            {
                "id": t.pk,
                "slug": t.slug,
                "name": localized(t, "name"),
                "description": localized(t, "description"),
                "is_security": t.is_security,
                "questions": [_question(q) for q in ticket_services.topic_fields_of(t.pk)],
            }
            for t in topics.active()
        ]
        return Response({"topics": rows})


def _question(question: Any) -> dict[str, Any]:
    english = get_language() == "en"
    return {
        "key": question.key,
        "label": localized(question, "label"),
        "kind": question.kind,
        "required": question.required,
        "help": localized(question, "help"),
        "choices": [
            {"key": key, "label": en if english else zh} for key, zh, en in question.choice_list
        ],
    }
