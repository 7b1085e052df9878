"""Every sentence the bot says that is not typology content, in French and English.

The texts live in gettext catalogues under `bot/locale/`, so a translator works on them in Poedit
or Weblate and plurals follow each language's own rule (the catalogue's `Plural-Forms`), not ours:
`labtype.pot` holds the English source text and `fr/LC_MESSAGES/labtype.po` its French translation.
Each entry's `msgctxt` is the key the code asks for. The catalogues are read once per process;
parsing them with Babel is most of a one-shot `labtype ask`'s own time, so what that gives (the
English texts and the French compiled catalogue) is kept, like a .pyc, in
`bot/locale/__pycache__/`, named by a hash of the catalogues' bytes: an edited or broken catalogue
is read (and refused) afresh. Front ends never write user text of their own.
"""

from __future__ import annotations

import gettext
import hashlib
import io
import json
import os
from functools import cache
from pathlib import Path

from babel.lists import format_list
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LANGS = ("fr", "en")
DEFAULT_LANG = "fr"
SOURCE_LANG = "en"  # the language of each entry's msgid
DOMAIN = "labtype"
LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"


def catalogue_path(lang: str) -> Path:
    """The template (English source) for the source language, the translation's PO file otherwise."""
    if lang == SOURCE_LANG:
        return LOCALE_DIR / f"{DOMAIN}.pot"
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalogue(lang: str) -> Catalog:
    with catalogue_path(lang).open("rb") as po_file:
        return read_po(po_file, locale=None if lang == SOURCE_LANG else lang, abort_invalid=True)


@cache
def compiled_catalogues() -> dict:
    """{"source": key → English text or [singular, plural], "mo": {lang: compiled catalogue, latin-1}}."""
    paths = [catalogue_path(lang) for lang in LANGS]
    digest = hashlib.sha256(b"".join(path.read_bytes() for path in paths)).hexdigest()[:20]
    cached = LOCALE_DIR / "__pycache__" / f"{DOMAIN}-{digest}.json"
    try:
        return json.loads(cached.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    source = {entry.context: entry.id for entry in read_catalogue(SOURCE_LANG) if entry.id and entry.context}
    compiled = {}
    for lang in LANGS:
        if lang != SOURCE_LANG:
            mo = io.BytesIO()
            write_mo(mo, read_catalogue(lang))
            compiled[lang] = mo.getvalue().decode("latin-1")
    catalogues = {"source": source, "mo": compiled}
    try:  # a read-only installation reads the catalogues at each start, that is all
        cached.parent.mkdir(exist_ok=True)
        partial = cached.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(json.dumps(catalogues, ensure_ascii=False), encoding="utf-8")
        partial.replace(cached)
    except OSError:
        pass
    return catalogues


@cache
def source_texts() -> dict[str, str | tuple[str, str]]:
    """Key → English text, or (singular, plural) for a message that depends on a count."""
    return {key: tuple(text) if isinstance(text, list) else text
            for key, text in compiled_catalogues()["source"].items()}


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """`lang`'s compiled catalogue; the source language needs none (gettext returns the msgid)."""
    if lang == SOURCE_LANG:
        return gettext.NullTranslations()
    return gettext.GNUTranslations(io.BytesIO(compiled_catalogues()["mo"][lang].encode("latin-1")))


def supported_lang(value: str | None) -> str:
    """`value` if it is a language the bot speaks, else the default (French)."""
    return value if value in LANGS else DEFAULT_LANG


def message(key: str, lang: str, count: int | None = None, **values: object) -> str:
    """The message `key` in `lang` (French when the language is unknown), filled with `values`.

    A message with a plural form needs `count`: it picks the form by the language's rule and
    fills `{count}`.
    """
    source = source_texts()[key]
    catalogue = translations(supported_lang(lang))
    if isinstance(source, tuple):
        if count is None:
            raise TypeError(f"message {key!r} has plural forms: pass count=")
        text = catalogue.npgettext(key, source[0], source[1], count)
    else:
        text = catalogue.pgettext(key, source)
    return text.format(count=count, **values)


def join_names(names: list[str], lang: str) -> str:
    """'A', 'A et B', 'A, B et C' — the language's own list pattern (CLDR)."""
    return format_list(names, locale=supported_lang(lang)) if names else ""
