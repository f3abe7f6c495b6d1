"""Public pages live under a language prefix (/zh-hans/…, /en/…) so each language has its own
URL for search engines and hreflang; APIs, admin, health and websockets do not."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from chat import views as chat_views
from helpcenter import views
from workspace.views import inbox

urlpatterns = i18n_patterns(
    # First: the knowledge base is what most requests ask for, and none of its routes overlaps
    # the others (Django walks the patterns in order; see docs/performance.md).
    path("", include("faq.urls")),
    path("account/", include("accounts.urls")),
    # The staff workspace's inbox is the console's front page.
    path("console/", inbox, name="console-home"),
    path("console/inbox/", include("workspace.urls")),
    path("console/tickets/", include("tickets.console_urls")),
    path("console/chat/", include("chat.console_urls")),
    path("console/security/", include("wallet.console_urls")),
    path("console/email/", include("email_channel.console_urls")),
    # A customer's requests and chats together: the one page above both apps.
    path("requests/mine/", views.my_requests, name="my-requests"),
    path("requests/mine/chats/<int:conversation_id>/", chat_views.history, name="my-chat"),
    path("requests/", include("tickets.urls")),
    path("chat/", include("chat.urls")),
    path("console/privacy/", include("privacy.console_urls")),
    path("privacy/", include("privacy.urls")),
    path("console/dashboard/", include("insights.console_urls")),
    prefix_default_language=True,
)

# After the pages: a language prefix is one string comparison, so the root-level routes (APIs,
# admin, health) cost the pages nothing.
urlpatterns += [
    path("healthz", views.healthz, name="healthz"),
    # Browsers ask for /favicon.ico whatever the page says: send them to the logo.
    path("favicon.ico", views.favicon),
    path("internal/realtime-relay", views.realtime_relay, name="realtime-relay"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("api.urls")),
    path("", include("faq.root_urls")),
    path("", include("tickets.root_urls")),
    path("", include("chat.root_urls")),
    path("", include("insights.urls")),
]
