"""Seed a large bilingual knowledge base for ``bench.faq_bench``: ``python -m bench.faq_seed N``.

The demo articles (``manage.py seed_demo``) stay; N generated variants of them are added with
bulk inserts, each rendered and indexed by the same functions the services use, so search
works on realistic text: many articles share words like 密码 or "withdrawal".
"""

import os
import random
import sys
import time
from functools import cache

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helpcenter.settings")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from faq import search  # noqa: E402
from faq.models import Article, Language, SearchEntry  # noqa: E402
from faq.rendering import html_to_text, render_markdown  # noqa: E402

EXTRA_ZH = (
    "如果问题仍未解决，请在工作时间联系在线客服。", "处理期间请保持手机畅通。",
    "部分银行在节假日处理较慢。", "请勿向任何人透露验证码。", "您也可以在交易记录中查看状态。",
    "新版本应用中该入口位于「我的」页面。", "海外银行卡可能收取额外费用。",
)  # fmt: skip
EXTRA_EN = (
    "If this does not solve it, chat with us during business hours.",
    "Keep your phone reachable while we look into it.",
    "Some banks are slower over public holidays.",
    "Never share a verification code with anyone.",
    "You can also check the status in your transaction records.",
    "In the latest app version this option is under Me.",
    "Cards issued abroad may carry extra fees.",
)
BATCH = 500


@cache
def _rendered(markdown: str) -> str:
    return render_markdown(markdown)


@cache
def _indexed(text: str, language: str) -> str:
    return search.index_text(text, language)


def _variant(base: Article, n: int, rng: random.Random) -> tuple[Article, list[SearchEntry]]:
    """Article ``n``: a demo article with a numbered title and three extra sentences. Rendering
    and segmentation are memoised per piece (the same functions the services use), which keeps
    seeding 10,000 articles to about a minute."""
    extras = {"zh_hans": rng.sample(EXTRA_ZH, 3), "en": rng.sample(EXTRA_EN, 3)}
    article = Article(
        category_id=base.category_id,
        slug=f"{base.slug}-v{n}",
        title_zh_hans=f"{base.title_zh_hans}（{n} 号）",
        title_en=f"{base.title_en} (no. {n})",
        keywords_zh_hans=base.keywords_zh_hans,
        keywords_en=base.keywords_en,
        status=Article.Status.PUBLISHED,
        position=100 + n,
        published_at=timezone.now(),
        view_count=rng.randint(0, 50),
    )
    entries = []
    for language in Language.values:
        base_body = getattr(base, f"body_{language}")
        joiner = "" if language == "zh_hans" else " "
        extra = joiner.join(extras[language])
        setattr(article, f"body_{language}", f"{base_body}\n\n{extra}")
        html = _rendered(base_body) + _rendered(extra)
        setattr(article, f"body_html_{language}", html)
        title = getattr(article, f"title_{language}")
        base_title = getattr(base, f"title_{language}")
        keywords = getattr(base, f"keywords_{language}").replace(",", " ")
        text = html_to_text(html)
        entries.append(
            SearchEntry(
                article=article,
                language=language,
                title=title,
                text=text,
                index_title=f"{_indexed(base_title, language)} {n}",
                index_keywords=_indexed(keywords, language),
                index_body=" ".join(
                    [_indexed(html_to_text(_rendered(base_body)), language)]
                    + [_indexed(sentence, language) for sentence in extras[language]]
                ),
            )
        )
    return article, entries


def main(count: int) -> None:
    rng = random.Random(2026)
    templates = list(Article.objects.filter(status="published").order_by("id"))
    started = time.perf_counter()
    for first in range(0, count, BATCH):
        pairs = [
            _variant(templates[n % len(templates)], n, rng)
            for n in range(first, min(count, first + BATCH))
        ]
        with transaction.atomic():
            Article.objects.bulk_create([article for article, _ in pairs])
            SearchEntry.objects.bulk_create([entry for _, entries in pairs for entry in entries])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE faq_article")
        cursor.execute("ANALYZE faq_searchentry")
    total = Article.objects.filter(status="published").count()
    print(f"seeded {count} articles in {time.perf_counter() - started:.1f}s; {total} published")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
