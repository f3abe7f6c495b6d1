"""Knowledge-base models: bilingual categories and articles, votes, missed searches, and the
search index rows that both database backends search (see ``faq.search``)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.i18n import localized
from core.models import TimeStamped


class Language(models.TextChoices):
    """Content languages, spelled as the column suffixes of ``core.i18n``."""

    ZH_HANS = "zh_hans", _("Chinese")
    EN = "en", _("English")


class Category(TimeStamped):
    """A topic of the help center (PRODUCT.md), shown as a card with an icon on the home page."""

    class Icon(models.TextChoices):
        CARD = "card", _("Card")
        INBOX = "inbox", _("Inbox")
        WALLET = "wallet", _("Wallet")
        BANK = "bank", _("Bank")
        LIST = "list", _("List")
        USER = "user", _("User")
        KEY = "key", _("Key")
        SHIELD = "shield", _("Shield")
        DOOR = "door", _("Door")
        CHAT = "chat", _("Speech bubble")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name_zh_hans = models.CharField(_("name (Chinese)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80)
    description_zh_hans = models.CharField(_("description (Chinese)"), max_length=200, blank=True)
    description_en = models.CharField(_("description (English)"), max_length=200, blank=True)
    icon = models.CharField(_("icon"), max_length=16, choices=Icon.choices, default=Icon.CHAT)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(name_zh_hans="") & ~models.Q(name_en=""),
                name="faq_category_names_not_empty",
            ),
        ]
        indexes = [models.Index(fields=["is_active", "position"], name="faq_category_listing")]

    def __str__(self) -> str:
        return localized(self, "name")  # in the admin's language


class Article(TimeStamped):
    """One answer, written in both languages. Bodies are Markdown; the sanitised HTML is stored
    beside them by ``services.article_save`` so that no request renders Markdown."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="articles", verbose_name=_("category")
    )
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title_zh_hans = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    summary_zh_hans = models.CharField(
        _("summary (Chinese)"),
        max_length=300,
        blank=True,
        help_text=_("Shown in lists and as the meta description. Empty: the body's start."),
    )
    summary_en = models.CharField(_("summary (English)"), max_length=300, blank=True)
    # One body may stay empty while its translation is pending: pages fall back to the other.
    body_zh_hans = models.TextField(_("body (Chinese, Markdown)"), blank=True)
    body_en = models.TextField(_("body (English, Markdown)"), blank=True)
    body_html_zh_hans = models.TextField(_("rendered text (Chinese)"), editable=False, default="")
    body_html_en = models.TextField(_("rendered text (English)"), editable=False, default="")
    keywords_zh_hans = models.CharField(
        _("keywords (Chinese)"),
        max_length=300,
        blank=True,
        help_text=_("Other words customers use for this, separated by commas. They help search."),
    )
    keywords_en = models.CharField(_("keywords (English)"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="faq_articles",
        verbose_name=_("author"),
    )
    published_at = models.DateTimeField(_("first published"), null=True, blank=True)
    # Flushed in batches from the cache by tasks.flush_view_counts, never per request.
    view_count = models.PositiveIntegerField(_("views"), default=0, editable=False)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(title_zh_hans="") & ~models.Q(title_en=""),
                name="faq_article_titles_not_empty",
            ),
            models.CheckConstraint(
                condition=~models.Q(body_zh_hans="") | ~models.Q(body_en=""),
                name="faq_article_has_a_body",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["draft", "published"]),
                name="faq_article_status_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "category", "position"], name="faq_article_by_cat"),
            models.Index(fields=["status", "-view_count"], name="faq_article_most_viewed"),
            models.Index(fields=["status", "-updated_at"], name="faq_article_recent"),
        ]

    def __str__(self) -> str:
        return localized(self, "title")

    def get_absolute_url(self) -> str:
        return reverse("faq:article", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class Vote(TimeStamped):
    """A visitor's answer to "Was this helpful?". One per visitor and article: voting again
    changes the answer instead of adding one."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="votes", verbose_name=_("article")
    )
    visitor_key = models.CharField(_("visitor"), max_length=64)
    helpful = models.BooleanField(_("helpful"))
    comment = models.TextField(_("comment"), blank=True, max_length=1000)
    language = models.CharField(_("language"), max_length=8, choices=Language.choices)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["article", "visitor_key"], name="faq_vote_once"),
        ]
        indexes = [models.Index(fields=["article", "helpful"], name="faq_vote_tally")]

    def __str__(self) -> str:
        return f"{self.article_id}:{'yes' if self.helpful else 'no'}"


class SearchMiss(models.Model):
    """A query that found nothing, counted, so admins see which content is missing."""

    query = models.CharField(_("query"), max_length=200)
    language = models.CharField(_("language"), max_length=8, choices=Language.choices)
    count = models.PositiveIntegerField(_("times searched"), default=1)
    first_searched_at = models.DateTimeField(_("first searched"), auto_now_add=True)
    last_searched_at = models.DateTimeField(_("last searched"), auto_now=True)

    class Meta:
        verbose_name = _("search without results")
        verbose_name_plural = _("searches without results")
        constraints = [
            models.UniqueConstraint(fields=["query", "language"], name="faq_searchmiss_once"),
        ]
        indexes = [
            models.Index(fields=["-count"], name="faq_searchmiss_top"),
            models.Index(fields=["-last_searched_at"], name="faq_searchmiss_recent"),
        ]

    def __str__(self) -> str:
        return self.query


class SearchEntry(models.Model):
    """What search matches: one row per published article and language.

    ``index_*`` hold the text as the database should tokenise it (Chinese pre-segmented by
    jieba into space-separated words). PostgreSQL adds a generated, weighted ``document``
    tsvector with a GIN index and a trigram index on ``title``; SQLite mirrors the rows into an
    FTS5 table through triggers. Both are created by migration 0002, outside this model, because
    neither exists on the other backend.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="search_entries")
    language = models.CharField(max_length=8, choices=Language.choices)
    title = models.CharField(max_length=200)
    text = models.TextField(help_text="Plain text of the body, for snippets.")
    index_title = models.TextField()
    index_keywords = models.TextField(blank=True)
    index_body = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "language"], name="faq_searchentry_once"),
        ]
        indexes = [models.Index(fields=["language"], name="faq_searchentry_language")]

    def __str__(self) -> str:
        return f"{self.language}:{self.title}"
