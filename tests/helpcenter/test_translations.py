from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "zh_Hans" / "LC_MESSAGES"


@pytest.fixture(scope="module")
def catalog() -> polib.POFile:
    return polib.pofile(str(LOCALE / "django.po"))


def test_every_string_has_a_chinese_translation(catalog):
    untranslated = [entry.msgid for entry in catalog.untranslated_entries()]

    assert untranslated == []


def test_no_translation_is_fuzzy(catalog):
    assert [entry.msgid for entry in catalog.fuzzy_entries()] == []


def test_compiled_catalog_matches_the_source(catalog):
    compiled = polib.mofile(str(LOCALE / "django.mo"))
    compiled_strings = {entry.msgid: entry.msgstr for entry in compiled}

    assert {e.msgid: e.msgstr for e in catalog.translated_entries() if not e.msgid_plural} == {
        k: v
        for k, v in compiled_strings.items()
        if k in {e.msgid for e in catalog if not e.msgid_plural}
    }
