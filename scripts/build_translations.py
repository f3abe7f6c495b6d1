"""Regenerate the gettext catalogs and fill the Chinese ones from ``i18n/zh_hans/*.json``.

Each area of the code keeps its own dictionary (English msgid -> Simplified Chinese), so that
people working on different apps never edit the same file. English needs no catalog entries:
the msgids are English. Run through ``make messages``; the compiled .mo files are committed.
"""

import json
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PO_FILES = [
    ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po",
    ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "djangojs.po",
]
IGNORE = ["--ignore=.venv", "--ignore=var", "--ignore=tests", "--ignore=bench", "--ignore=scripts"]


def load_dictionary() -> dict[str, str]:
    merged: dict[str, str] = {}
    for path in sorted((ROOT / "i18n" / "zh_hans").glob("*.json")):
        merged.update(json.loads(path.read_text(encoding="utf-8")))
    return merged


def main() -> int:
    manage = [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans", "--no-obsolete"]
    manage += IGNORE
    subprocess.run(manage, cwd=ROOT, check=True)
    subprocess.run([*manage, "-d", "djangojs", "--ignore=static/vendor"], cwd=ROOT, check=True)
    dictionary = load_dictionary()
    missing: list[str] = []
    for po_path in PO_FILES:
        if not po_path.exists():
            continue
        catalog = polib.pofile(str(po_path))
        catalog.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
        for entry in catalog:
            text = dictionary.get(entry.msgid)
            if text is None:
                missing.append(entry.msgid)
                continue
            if entry.msgid_plural:
                entry.msgstr_plural = {0: text}
            else:
                entry.msgstr = text
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        catalog.save()
        catalog.save_as_mofile(str(po_path.with_suffix(".mo")))
    if missing:
        print(f"{len(missing)} strings have no Chinese translation:", file=sys.stderr)
        for msgid in missing:
            print(f"  {msgid!r}", file=sys.stderr)
        return 1 if "--strict" in sys.argv else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
