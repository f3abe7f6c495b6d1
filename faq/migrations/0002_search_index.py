"""Full-text search objects that exist on one backend only (see faq.search).

PostgreSQL: pg_trgm, a generated weighted tsvector ``document`` with a GIN index, and a trigram
GIN index on English titles. SQLite: an FTS5 table kept in step with faq_searchentry by triggers.
Each function is a no-op on the other backend.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

POSTGRES_FORWARD = [
    """
    ALTER TABLE faq_searchentry ADD COLUMN document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector(CASE WHEN language = 'en' THEN 'english'::regconfig
                                   ELSE 'simple'::regconfig END, index_title), 'A') ||
        setweight(to_tsvector(CASE WHEN language = 'en' THEN 'english'::regconfig
                                   ELSE 'simple'::regconfig END, index_keywords), 'B') ||
        setweight(to_tsvector(CASE WHEN language = 'en' THEN 'english'::regconfig
                                   ELSE 'simple'::regconfig END, index_body), 'C')
    ) STORED
    """,
    "CREATE INDEX faq_searchentry_document ON faq_searchentry USING gin (document)",
    "CREATE INDEX faq_searchentry_title_trgm ON faq_searchentry USING gin (title gin_trgm_ops)"
    " WHERE language = 'en'",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS faq_searchentry_title_trgm",
    "DROP INDEX IF EXISTS faq_searchentry_document",
    "ALTER TABLE faq_searchentry DROP COLUMN IF EXISTS document",
]

SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE faq_search_fts USING fts5(
        index_title, index_keywords, index_body,
        content='faq_searchentry', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER faq_search_fts_insert AFTER INSERT ON faq_searchentry BEGIN
        INSERT INTO faq_search_fts(rowid, index_title, index_keywords, index_body)
        VALUES (new.id, new.index_title, new.index_keywords, new.index_body);
    END
    """,
    """
    CREATE TRIGGER faq_search_fts_delete AFTER DELETE ON faq_searchentry BEGIN
        INSERT INTO faq_search_fts(faq_search_fts, rowid, index_title, index_keywords, index_body)
        VALUES ('delete', old.id, old.index_title, old.index_keywords, old.index_body);
    END
    """,
    """
    CREATE TRIGGER faq_search_fts_update AFTER UPDATE ON faq_searchentry BEGIN
        INSERT INTO faq_search_fts(faq_search_fts, rowid, index_title, index_keywords, index_body)
        VALUES ('delete', old.id, old.index_title, old.index_keywords, old.index_body);
        INSERT INTO faq_search_fts(rowid, index_title, index_keywords, index_body)
        VALUES (new.id, new.index_title, new.index_keywords, new.index_body);
    END
    """,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS faq_search_fts_update",
    "DROP TRIGGER IF EXISTS faq_search_fts_delete",
    "DROP TRIGGER IF EXISTS faq_search_fts_insert",
    "DROP TABLE IF EXISTS faq_search_fts",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("faq", "0001_initial")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        ),
    ]
