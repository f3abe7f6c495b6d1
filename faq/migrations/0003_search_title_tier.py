"""PostgreSQL search in two tiers (see faq.search): a generated tsvector of the title alone, and
GIN indexes per language on it and on ``document``, so a query ranks only the rows of its own
language and, while titles fill the page, only small title vectors. ``fastupdate = off``: new
entries go straight into the index instead of a pending list every search must scan (articles
are written rarely, searched constantly). No-op on SQLite, whose FTS5 table already answers
title matches first."""

from django.db import migrations

LANGUAGES = ("en", "zh_hans")
FORWARD = [
    """
    ALTER TABLE faq_searchentry ADD COLUMN title_document tsvector GENERATED ALWAYS AS (
        to_tsvector(CASE WHEN language = 'en' THEN 'english'::regconfig
                         ELSE 'simple'::regconfig END, index_title)
    ) STORED
    """,
    *(
        f"CREATE INDEX faq_searchentry_{column}_{language} ON faq_searchentry "
        f"USING gin ({column}) WITH (fastupdate = off) WHERE language = '{language}'"
        for language in LANGUAGES
        for column in ("title_document", "document")
    ),
    "DROP INDEX IF EXISTS faq_searchentry_document",
]
BACKWARD = [
    "CREATE INDEX IF NOT EXISTS faq_searchentry_document ON faq_searchentry USING gin (document)",
    *(
        f"DROP INDEX IF EXISTS faq_searchentry_{column}_{language}"
        for language in LANGUAGES
        for column in ("title_document", "document")
    ),
    "ALTER TABLE faq_searchentry DROP COLUMN IF EXISTS title_document",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("faq", "0002_search_index")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
