"""API v1 under /api/v1/ (docs/api.md)."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from api.views import chat, docs, faq, identity, staff, tickets

app_name = "api"


class SchemaView(SpectacularAPIView):
    authentication_classes: list = []
    permission_classes: list = []
    throttle_classes: list = []


urlpatterns = [
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", docs.docs, name="docs"),
    path("identity/exchange", identity.IdentityExchange.as_view(), name="identity-exchange"),
    path("me", identity.Me.as_view(), name="me"),
    path("faq/categories", faq.FaqCategories.as_view(), name="faq-categories"),
    path(
        "faq/categories/<slug:slug>/articles",
        faq.FaqCategoryArticles.as_view(),
        name="faq-category-articles",
    ),
    path("faq/articles/<slug:slug>", faq.FaqArticle.as_view(), name="faq-article"),
    path("faq/search", faq.FaqSearch.as_view(), name="faq-search"),
    path("faq/suggestions", faq.FaqSuggestions.as_view(), name="faq-suggestions"),
    path("topics", faq.Topics.as_view(), name="topics"),
    path("tickets", tickets.TicketList.as_view(), name="tickets"),
    path("tickets/<str:reference>", tickets.TicketDetail.as_view(), name="ticket"),
    path("tickets/<str:reference>/replies", tickets.TicketReplies.as_view(), name="ticket-reply"),
    path("tickets/<str:reference>/solve", tickets.TicketSolve.as_view(), name="ticket-solve"),
    path("tickets/<str:reference>/rating", tickets.TicketRating.as_view(), name="ticket-rating"),
    path(
        "tickets/<str:reference>/attachments/<int:attachment_id>",
        tickets.TicketAttachment.as_view(),
        name="ticket-attachment",
    ),
    path("chat/conversations", chat.Conversations.as_view(), name="chat-conversations"),
    path(
        "chat/conversations/<int:conversation_id>",
        chat.Conversation.as_view(),
        name="chat-conversation",
    ),
    path("staff/tickets", staff.StaffTicketList.as_view(), name="staff-tickets"),
    path("staff/tickets/<str:reference>", staff.StaffTicketDetail.as_view(), name="staff-ticket"),
    path(
        "staff/tickets/<str:reference>/attachments/<int:attachment_id>",
        staff.StaffTicketAttachment.as_view(),
        name="staff-ticket-attachment",
    ),
    path("<path:rest>", docs.Unknown.as_view(), name="unknown"),
]
