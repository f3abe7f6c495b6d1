"""PostgreSQL spelling correction (see faq.search): ``faq_searchword``, the distinct words of the
English titles, with a GiST trigram index, as the PostgreSQL manual suggests for spelling
suggestions (pg_trgm, "Text Search Integration"). A typo such as "pasword" is corrected by a
nearest-neighbour lookup in this small table instead of a trigram scan of every title.

Triggers keep it current with ``faq_searchentry``: each title word counts the English entries
that hold it, and a word leaves the table with its last entry (edit, unpublish, delete; a
TRUNCATE, as the test runner's flush does, empties it). The trigram index on every English
title (0002), which the old typo fallback scanned, has no reader left and is dropped. No-op on
SQLite, which corrects words against the titles with difflib.
"""

from django.db import migrations

FORWARD = [
    """
    CREATE TABLE faq_searchword (
        word text PRIMARY KEY,
        entries integer NOT NULL CHECK (entries >= 0)
    )
    """,
    "CREATE INDEX faq_searchword_trgm ON faq_searchword USING gist (word gist_trgm_ops)",
    # The vocabulary's words: Latin words of four or more characters, not only digits
    # (faq.search.vocabulary_words is the same rule for SQLite).
    """
    CREATE FUNCTION faq_title_words(title text) RETURNS SETOF text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT DISTINCT word FROM regexp_split_to_table(lower(title), '[^a-z0-9]+') AS word
        WHERE length(word) >= 4 AND word ~ '[a-z]'
        ORDER BY word
    $$
    """,
    """
    CREATE FUNCTION faq_searchword_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.language = 'en' THEN
            UPDATE faq_searchword SET entries = entries - 1
            WHERE word IN (SELECT faq_title_words(OLD.title));
            DELETE FROM faq_searchword
            WHERE entries = 0 AND word IN (SELECT faq_title_words(OLD.title));
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.language = 'en' THEN
            INSERT INTO faq_searchword AS w (word, entries)
            SELECT faq_title_words(NEW.title), 1
            ON CONFLICT (word) DO UPDATE SET entries = w.entries + 1;
        END IF;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE FUNCTION faq_searchword_clear() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        TRUNCATE faq_searchword;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER faq_searchword_insert_delete AFTER INSERT OR DELETE ON faq_searchentry
    FOR EACH ROW EXECUTE FUNCTION faq_searchword_sync()
    """,
    # services._reindex rewrites every column of an entry; only a changed title matters here.
    """
    CREATE TRIGGER faq_searchword_update AFTER UPDATE OF title, language ON faq_searchentry
    FOR EACH ROW
    WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.language IS DISTINCT FROM NEW.language)
    EXECUTE FUNCTION faq_searchword_sync()
    """,
    """
    CREATE TRIGGER faq_searchword_truncate AFTER TRUNCATE ON faq_searchentry
    FOR EACH STATEMENT EXECUTE FUNCTION faq_searchword_clear()
    """,
    """
    INSERT INTO faq_searchword (word, entries)
    SELECT word, count(*) FROM faq_searchentry, faq_title_words(title) AS word
    WHERE language = 'en'
    GROUP BY word
    """,
    "DROP INDEX IF EXISTS faq_searchentry_title_trgm",
]
BACKWARD = [
    "CREATE INDEX IF NOT EXISTS faq_searchentry_title_trgm ON faq_searchentry"
    " USING gin (title gin_trgm_ops) WHERE language = 'en'",
    "DROP TRIGGER IF EXISTS faq_searchword_truncate ON faq_searchentry",
    "DROP TRIGGER IF EXISTS faq_searchword_update ON faq_searchentry",
    "DROP TRIGGER IF EXISTS faq_searchword_insert_delete ON faq_searchentry",
    "DROP FUNCTION IF EXISTS faq_searchword_clear()",
    "DROP FUNCTION IF EXISTS faq_searchword_sync()",
    "DROP FUNCTION IF EXISTS faq_title_words(text)",
    "DROP TABLE IF EXISTS faq_searchword",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("faq", "0003_search_title_tier")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
