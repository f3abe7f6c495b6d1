"""Full-text search over ``SearchEntry`` rows, one implementation per database backend.

Chinese has no spaces, so both the indexed text and the query are segmented with jieba
(``cut_for_search``, which also emits the shorter words inside long ones: 手续费 → 手续, 续费,
手续费). The databases then only see space-separated words:

- PostgreSQL: a stored, weighted tsvector (title A, keywords B, body C; ``english`` config for
  English rows so "withdrawal" finds "withdraw", ``simple`` for Chinese) and one of the title
  alone, with GIN indexes per language, ranked by ``ts_rank`` (title matches first); typos
  ("pasword") fall back to pg_trgm word similarity on titles.
- SQLite: an FTS5 table (porter tokenizer) ranked by bm25 with the same column weights; typos
  fall back to correcting each Latin word against the titles' vocabulary with difflib.

Both return article ids, title matches first, then the rest by rank. Articles with all the
query's words come first; then those with any of them, so a query with one unknown word still
finds what the others describe.
"""

import difflib
import logging
import re
from collections.abc import Iterable
from functools import cache

from django.db import connection

from faq.models import Language

MAX_QUERY_CHARS = 200
MIN_QUERY_CHARS = 2
# Question words and particles that carry no meaning for matching.
_STOP_WORDS_TEXT = (
    "的 了 吗 呢 吧 啊 是 我 我的 你 您 怎么 怎么办 怎样 如何 什么 为什么 为何 可以 能 能否 在 "
    "和 与 及 或 请问 一下 有 没有 要 会 不 哪里 哪儿 多少 几 个"
)
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"\w", re.UNICODE)
_LATIN_WORD = re.compile(r"[a-z0-9]+")
# Words jieba's general dictionary lacks or splits badly in a wallet's vocabulary.
DOMAIN_WORDS = (
    "提现", "手续费", "验证码", "充值", "到账", "注销", "二次验证", "两步验证", "冻结", "解冻",
    "银行卡", "交易记录", "转账", "退款", "余额", "限额", "账单", "对账单", "未授权",
)  # fmt: skip


@cache
def _tokenizer():  # -> jieba.Tokenizer; imported lazily: loading the dictionary takes ~1 s
    """jieba's tokenizer with our words, built once per process on first use."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    for word in DOMAIN_WORDS:
        tokenizer.add_word(word, freq=20000)
    return tokenizer


def normalize_query(raw: str) -> str:
    """The query as searched and logged: trimmed, one space between words, at most 200 chars."""
    return " ".join((raw or "").split())[:MAX_QUERY_CHARS]


def _words(text: str) -> list[str]:
    """Lower-cased words of ``text``: jieba's search segmentation when it has Chinese."""
    lowered = text.lower()
    if _CJK.search(lowered):
        return [w.strip() for w in _tokenizer().cut_for_search(lowered) if _WORD.search(w)]
    return _LATIN_WORD.findall(lowered)


def index_text(text: str, language: str) -> str:
    """``text`` as the database should tokenise it: Chinese segmented into spaced words."""
    if language == Language.ZH_HANS:
        return " ".join(_words(text))
    return text


def query_terms(query: str) -> list[str]:
    """Distinct meaningful words of a query, in order, at most 12."""
    terms: list[str] = []
    for word in _words(normalize_query(query)):
        if word not in STOP_WORDS and word not in terms:
            terms.append(word)
    return terms[:12]


def search_article_ids(query: str, language: str, limit: int) -> list[int]:
    """Ids of published articles matching ``query``, best first: matches in ``language`` first,
    then matches in the other language, then typo-tolerant title matches."""
    terms = query_terms(query)
    if not terms:
        return []
    other = Language.EN if language == Language.ZH_HANS else Language.ZH_HANS
    backend = _postgres if connection.vendor == "postgresql" else _sqlite
    ids: list[int] = []
    modes = (True, False) if len(terms) > 1 else (True,)
    for lang in (language, other):
        for require_all in modes:
            _extend(ids, backend.match(terms, lang, limit, require_all=require_all), limit)
            if len(ids) >= limit:
                return ids
    latin = [t for t in terms if len(t) >= 4 and _LATIN_WORD.fullmatch(t)]
    if latin:
        _extend(ids, backend.fuzzy(latin, limit), limit)
    return ids


def _extend(ids: list[int], more: Iterable[int], limit: int) -> None:
    for article_id in more:
        if len(ids) >= limit:
            return
        if article_id not in ids:
            ids.append(article_id)


class _postgres:
    """tsvector + GIN + ts_rank, pg_trgm for typos (objects created by migrations 0002, 0003).

    Two tiers: articles whose title matches, ranked on the small title vector, then the others
    ranked on the whole document. Ranking reads every matching row, so while titles fill the
    page the long documents are never ranked; the partial indexes keep each language apart."""

    TIERS = (
        "e.title_document @@ q ORDER BY ts_rank(e.title_document, q) DESC",
        "e.document @@ q AND NOT e.title_document @@ q ORDER BY ts_rank(e.document, q) DESC",
    )

    @classmethod
    def match(cls, terms: list[str], language: str, limit: int, *, require_all: bool) -> list[int]:
        config = "english" if language == Language.EN else "simple"
        # Each term becomes a quoted lexeme: no user text reaches to_tsquery's syntax.
        operator = " & " if require_all else " | "
        tsquery = operator.join("'" + re.sub(r"[^\w]", "", t) + "'" for t in terms)
        ids: list[int] = []
        with connection.cursor() as cursor:
            for tier in cls.TIERS:
                cursor.execute(
                    f"""
                    SELECT e.article_id
                    FROM faq_searchentry e, to_tsquery(%s::regconfig, %s) q
                    WHERE e.language = %s AND {tier}, e.article_id
                    LIMIT %s
                    """,  # noqa: S608 - the tiers are constants
                    [config, tsquery, language, limit - len(ids)],
                )
                ids += [row[0] for row in cursor.fetchall()]
                if len(ids) >= limit:
                    break
        return ids

    @staticmethod
    def fuzzy(words: list[str], limit: int) -> list[int]:
        phrase = " ".join(words)
        sql = """
            SELECT article_id FROM faq_searchentry
            WHERE language = 'en' AND %s <%% title
            ORDER BY word_similarity(%s, title) DESC, article_id
            LIMIT %s
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, [phrase, phrase, limit])
            return [row[0] for row in cursor.fetchall()]


class _sqlite:
    """FTS5 with bm25 (objects created by migration 0002); difflib against titles for typos."""

    WEIGHTS = "10.0, 4.0, 1.0"  # title, keywords, body

    @classmethod
    def match(cls, terms: list[str], language: str, limit: int, *, require_all: bool) -> list[int]:
        # FTS5 query syntax: every term is a double-quoted string, so nothing is an operator.
        operator = " AND " if require_all else " OR "
        terms_query = operator.join('"' + t.replace('"', '""') + '"' for t in terms)
        sql = f"""
            SELECT e.article_id
            FROM faq_search_fts f JOIN faq_searchentry e ON e.id = f.rowid
            WHERE faq_search_fts MATCH %s AND e.language = %s
            ORDER BY bm25(faq_search_fts, {cls.WEIGHTS}), e.article_id
            LIMIT %s
        """  # noqa: S608 - WEIGHTS is a constant
        with connection.cursor() as cursor:
            cursor.execute(sql, [f"index_title : ({terms_query})", language, limit])
            ids = [row[0] for row in cursor.fetchall()]
            cursor.execute(sql, [terms_query, language, limit])
            _extend(ids, (row[0] for row in cursor.fetchall()), limit)
        return ids

    @classmethod
    def fuzzy(cls, words: list[str], limit: int) -> list[int]:
        vocabulary = cls._title_vocabulary()
        corrected = []
        for word in words:
            corrected += difflib.get_close_matches(word, vocabulary, n=2, cutoff=0.75)
        return cls.match(corrected, Language.EN, limit, require_all=False) if corrected else []

    @staticmethod
    def _title_vocabulary() -> list[str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT title FROM faq_searchentry WHERE language = 'en'")
            words = {
                w for (title,) in cursor.fetchall() for w in _LATIN_WORD.findall(title.lower())
            }
        return sorted(w for w in words if len(w) >= 4)
