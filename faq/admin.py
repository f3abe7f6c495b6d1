"""Knowledge-base editing in Django admin (supervisors and admins only, see accounts.admin_site).
Every save and delete goes through faq.services so pages and search stay in step."""

from django.contrib import admin, messages
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from faq import services
from faq.models import Article, Category, SearchMiss, Vote


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name_en", "name_zh_hans", "slug", "icon", "position", "is_active", "articles")
    list_editable = ("position", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name_en", "name_zh_hans", "slug")
    prepopulated_fields = {"slug": ("name_en",)}
    ordering = ("position", "id")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Category]:
        return super().get_queryset(request).annotate(article_total=Count("articles"))

    @admin.display(description=_("articles"), ordering="article_total")
    def articles(self, obj: Category) -> int:
        return obj.article_total

    def save_model(self, request: HttpRequest, obj: Category, form, change: bool) -> None:
        services.category_save(category=obj)

    def delete_model(self, request: HttpRequest, obj: Category) -> None:
        services.category_delete(category=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Category]) -> None:
        for category in queryset:
            services.category_delete(category=category)


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = (
        "title_en", "title_zh_hans", "category", "status", "position", "view_count",
        "helpful", "updated_at",
    )  # fmt: skip
    list_display_links = ("title_en", "title_zh_hans")
    list_editable = ("position",)
    list_filter = ("status", "category", "updated_at")
    list_select_related = ("category",)
    search_fields = ("title_en", "title_zh_hans", "slug", "keywords_en", "keywords_zh_hans")
    prepopulated_fields = {"slug": ("title_en",)}
    ordering = ("category__position", "position", "id")
    date_hierarchy = "updated_at"
    actions = ("publish", "unpublish")
    readonly_fields = (
        "preview_zh_hans", "preview_en", "view_count", "published_at", "author",
        "created_at", "updated_at",
    )  # fmt: skip
    fieldsets = (
        (None, {"fields": ("category", "slug", "status", "position")}),
        (
            _("Chinese"),
            {
                "fields": (
                    "title_zh_hans",
                    "summary_zh_hans",
                    "keywords_zh_hans",
                    "body_zh_hans",
                    "preview_zh_hans",
                )
            },
        ),
        (
            _("English"),
            {"fields": ("title_en", "summary_en", "keywords_en", "body_en", "preview_en")},
        ),
        (
            _("History"),
            {"fields": ("author", "published_at", "view_count", "created_at", "updated_at")},
        ),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                yes=Count("votes", filter=Q(votes__helpful=True)),
                no=Count("votes", filter=Q(votes__helpful=False)),
            )
        )

    @admin.display(description=_("helpful (yes / no)"))
    def helpful(self, obj: Article) -> str:
        return f"{obj.yes} / {obj.no}"

    def _preview(self, html: str) -> str:
        if not html:
            return _("Save to see the rendered article.")
        # Sanitised by nh3 when saved (faq.rendering), exactly what visitors see.
        return format_html('<div class="faq-admin-preview">{}</div>', mark_safe(html))  # noqa: S308

    @admin.display(description=_("preview (Chinese)"))
    def preview_zh_hans(self, obj: Article) -> str:
        return self._preview(obj.body_html_zh_hans)

    @admin.display(description=_("preview (English)"))
    def preview_en(self, obj: Article) -> str:
        return self._preview(obj.body_html_en)

    def save_model(self, request: HttpRequest, obj: Article, form, change: bool) -> None:
        services.article_save(article=obj, author=request.user)

    def delete_model(self, request: HttpRequest, obj: Article) -> None:
        services.article_delete(article=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        for article in queryset:
            services.article_delete(article=article)

    @admin.action(description=_("Publish selected articles"), permissions=["change"])
    def publish(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        count = services.article_set_status(articles=queryset, status=Article.Status.PUBLISHED)
        self.message_user(
            request,
            ngettext("%d article published.", "%d articles published.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Unpublish selected articles"), permissions=["change"])
    def unpublish(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        count = services.article_set_status(articles=queryset, status=Article.Status.DRAFT)
        self.message_user(
            request,
            ngettext("%d article unpublished.", "%d articles unpublished.", count) % count,
            messages.SUCCESS,
        )


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records visitors create; staff read them."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Vote)
class VoteAdmin(ReadOnlyAdmin):
    list_display = ("article", "helpful", "comment", "language", "created_at")
    list_filter = ("helpful", "language", "created_at")
    list_select_related = ("article",)
    search_fields = ("comment", "article__title_en", "article__title_zh_hans")
    ordering = ("-created_at",)


@admin.register(SearchMiss)
class SearchMissAdmin(ReadOnlyAdmin):
    """What customers searched for and did not find: the content to write next."""

    list_display = ("query", "language", "count", "first_searched_at", "last_searched_at")
    list_filter = ("language",)
    search_fields = ("query",)
    ordering = ("-count", "-last_searched_at")
