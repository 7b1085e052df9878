"""Every sentence the bot says that is not typology content, in French and English.

The texts live in gettext catalogues under `bot/locale/`, so a translator works on them in Poedit
or Weblate and plurals follow each language's own rule (the catalogue's `Plural-Forms`), not ours:
`labtype.pot` holds the English source text and `fr/LC_MESSAGES/labtype.po` its French translation.
Each entry's `msgctxt` is the key the code asks for. The catalogues are read (and compiled in
memory) once, at start-up; front ends never write user text of their own.
"""

from __future__ import annotations

import gettext
import io
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
def source_texts() -> dict[str, str | tuple[str, str]]:
    """Key → English text, or (singular, plural) for a message that depends on a count."""
    return {entry.context: entry.id for entry in read_catalogue(SOURCE_LANG) if entry.id and entry.context}


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """`lang`'s compiled catalogue; the source language needs none (gettext returns the msgid)."""
    if lang == SOURCE_LANG:
        return gettext.NullTranslations()
    compiled = io.BytesIO()
    write_mo(compiled, read_catalogue(lang))
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


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
