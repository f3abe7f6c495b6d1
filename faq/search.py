"""Full-text search over ``SearchEntry`` rows, one implementation per database backend.

Chinese has no spaces, so both the indexed text and the query are segmented with jieba
(``cut_for_search``, which also emits the shorter words inside long ones: 手续费 → 手续, 续费,
手续费). The databases then only see space-separated words:

- PostgreSQL: a stored, weighted tsvector (title A, keywords B, body C; ``english`` config for
  English rows so "withdrawal" finds "withdraw", ``simple`` for Chinese) and one of the title
  alone, with GIN indexes per language, ranked by ``ts_rank`` (title matches first).
- SQLite: an FTS5 table (porter tokenizer) ranked by bm25 with the same column weights.

Both return article ids, title matches first, then the rest by rank. Articles with all the
query's words come first; then those with any of them, so a query with one unknown word still
finds what the others describe.

Typos ("pasword", "withdrawl"): when those matches do not fill the page, each Latin word that
no English title contains is corrected to the nearest words of the titles' vocabulary, and the
corrected query runs through the same matching (all words, then any), its results after the
others. The corrections are returned with the ids so the snippets highlight "password" for
"pasword". On PostgreSQL the vocabulary is a table of distinct title words with a GiST trigram
index, kept current by triggers on ``faq_searchentry`` (migration 0004), as the PostgreSQL
manual suggests for spelling correction: a nearest-neighbour lookup among a few hundred
distinct words stays cheap however many articles there are, where the earlier trigram
``word_similarity`` over every title grew with the number of articles (figures in docs/faq.md).
On SQLite, difflib compares the word with the titles' words, read when needed.
"""

import difflib
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from django.db import connection

from faq.models import Language

MAX_QUERY_CHARS = 200
MIN_QUERY_CHARS = 2
# Typo correction: at most this many vocabulary words per unknown word, and for PostgreSQL the
# least trigram similarity (pasword → password 0.7, withdrawl → withdraw 0.73).
CORRECTIONS = 2
MIN_SIMILARITY = 0.5
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


@dataclass(frozen=True)
class Found:
    """What a search found: article ids, best first, and the words to highlight in them (the
    query's words, plus the corrections of its typos when those found articles). ``corrected``
    is the query with each typo replaced by its best correction when the corrections found
    articles ("pasword reset" → "password reset"), so the page can say so; else empty."""

    ids: list[int]
    words: list[str]
    corrected: str = ""


def search_articles(query: str, language: str, limit: int, *, correct: bool = True) -> Found:
    """Published articles matching ``query``, best first: matches in ``language`` first, then
    matches in the other language, then, when the page is not full and ``correct`` holds,
    matches of the query with its typos corrected against the English titles' vocabulary."""
    terms = query_terms(query)
    if not terms:
        return Found([], [])
    other = Language.EN if language == Language.ZH_HANS else Language.ZH_HANS
    backend = _postgres if connection.vendor == "postgresql" else _sqlite
    ids: list[int] = []
    modes = (True, False) if len(terms) > 1 else (True,)
    for lang in (language, other):
        for require_all in modes:
            _extend(ids, backend.match(terms, lang, limit, require_all=require_all), limit)
            if len(ids) >= limit:
                return Found(ids, terms)
    corrections = spelling_corrections(terms) if correct else {}
    if not corrections:
        return Found(ids, terms)
    # All words with each typo's best correction, then any word with any correction.
    best = [corrections[t][0] if t in corrections else t for t in terms]
    alternatives = [w for t in terms for w in corrections.get(t, [t])]
    found = len(ids)
    for corrected, require_all in ((best, True), (alternatives, False)):
        if require_all or len(alternatives) > len(best):
            more = backend.match(corrected, Language.EN, limit, require_all=require_all)
            _extend(ids, more, limit)
        if len(ids) >= limit:
            break
    if len(ids) == found:
        return Found(ids, terms)
    words = terms + [w for w in alternatives if w not in terms]
    return Found(ids, words, corrected_query(query, corrections))


def corrected_query(query: str, corrections: dict[str, list[str]]) -> str:
    """``query`` as typed, with each corrected word replaced by its best correction."""
    return re.sub(
        r"[A-Za-z0-9]+",
        lambda word: corrections.get(word.group().lower(), [word.group()])[0],
        normalize_query(query),
    )


def spelling_corrections(terms: list[str]) -> dict[str, list[str]]:
    """For each Latin word of ``terms`` that no English title contains, the title words it is
    most likely a typo of, best first: ``{"pasword": ["password", "passwords"]}``."""
    words = [t for t in terms if len(t) >= 4 and _LATIN_WORD.fullmatch(t) and not t.isdigit()]
    if not words:
        return {}
    backend = _postgres if connection.vendor == "postgresql" else _sqlite
    return backend.corrections(words)


def vocabulary_words(title: str) -> set[str]:
    """The words of a title that typos are corrected to: Latin words of four or more
    characters, not only digits (migration 0004's ``faq_title_words`` on PostgreSQL)."""
    return {w for w in _LATIN_WORD.findall(title.lower()) if len(w) >= 4 and not w.isdigit()}


def _extend(ids: list[int], more: Iterable[int], limit: int) -> None:
    for article_id in more:
        if len(ids) >= limit:
            return
        if article_id not in ids:
            ids.append(article_id)


class _postgres:
    """tsvector + GIN + ts_rank; pg_trgm over the title vocabulary for typos (objects created
    by migrations 0002, 0003 and 0004).

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
    def corrections(words: list[str]) -> dict[str, list[str]]:
        """The vocabulary's nearest words (trigram similarity ≥ ``MIN_SIMILARITY``, at most
        ``CORRECTIONS`` each) for each of ``words`` that is not itself a title word. The GiST
        index answers the nearest-neighbour order (``<->``) without reading the whole table."""
        sql = """
            SELECT t.word, c.word
            FROM unnest(%s::text[]) WITH ORDINALITY AS t(word, n)
            CROSS JOIN LATERAL (
                SELECT v.word, similarity(v.word, t.word) AS score
                FROM faq_searchword v
                ORDER BY v.word <-> t.word
                LIMIT %s
            ) c
            WHERE c.score >= %s
              AND NOT EXISTS (SELECT FROM faq_searchword known WHERE known.word = t.word)
            ORDER BY t.n, c.score DESC, c.word
        """
        found: dict[str, list[str]] = {}
        with connection.cursor() as cursor:
            cursor.execute(sql, [words, CORRECTIONS, MIN_SIMILARITY])
            for word, correction in cursor.fetchall():
                found.setdefault(word, []).append(correction)
        return found


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

    @staticmethod
    def corrections(words: list[str]) -> dict[str, list[str]]:
        """Like ``_postgres.corrections``, with difflib over the titles' words (read each time:
        fine for the small sites that run on SQLite)."""
        with connection.cursor() as cursor:
            cursor.execute("SELECT title FROM faq_searchentry WHERE language = 'en'")
            vocabulary = sorted(set().union(*(vocabulary_words(t) for (t,) in cursor.fetchall())))
        known = set(vocabulary)
        found = {}
        for word in words:
            if word not in known:
                close = difflib.get_close_matches(word, vocabulary, n=CORRECTIONS, cutoff=0.75)
                if close:
                    found[word] = close
        return found
