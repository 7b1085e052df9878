"""The message catalogues: complete in both languages, same placeholders, real plural rules."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from bot.core.messages import LANGS, SOURCE_LANG, join_names, message, read_catalogue, source_texts

BOT_DIR = Path(__file__).resolve().parents[2] / "bot"
TRANSLATED = [lang for lang in LANGS if lang != SOURCE_LANG]


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_the_source_catalogue_has_one_entry_per_key() -> None:
    keys = [entry.context for entry in read_catalogue(SOURCE_LANG) if entry.id]
    assert all(keys), "every message needs a msgctxt: the key the code asks for"
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_message_is_translated_with_the_same_placeholders(lang: str) -> None:
    catalogue = read_catalogue(lang)
    translated = {entry.context: entry for entry in catalogue if entry.id}
    assert set(translated) == set(source_texts()), "run the `pybabel update` command of the README"
    for key, source in source_texts().items():
        entry = translated[key]
        assert entry.id == source, f"{key}: {lang} translates an outdated English text"
        assert not entry.fuzzy, f"{key}: fuzzy in {lang}"
        forms = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        assert len(forms) == (catalogue.num_plurals if isinstance(source, tuple) else 1)
        assert all(forms), f"{key}: untranslated in {lang}"
        expected = placeholders(source[-1] if isinstance(source, tuple) else source)
        for n, form in enumerate(forms):
            # Only the singular may leave the number out ("Une case du tableau en parle.").
            allowed_missing = {"count"} if isinstance(source, tuple) and n == 0 else set()
            assert expected - allowed_missing <= placeholders(form) <= expected, f"{key}[{n}] in {lang}: {form!r}"


def test_every_key_the_code_asks_for_exists() -> None:
    asked = set()
    for path in BOT_DIR.rglob("*.py"):
        asked |= set(re.findall(r"""\bmessage\(\s*["']([a-z_]+)["']""", path.read_text(encoding="utf-8")))
    assert asked, "the scan found no message() call at all"
    assert asked <= set(source_texts()), asked - set(source_texts())


@pytest.mark.parametrize(("lang", "count", "expected"), [
    ("fr", 0, "Profil de l'équipe (0 participant·e) : X"),
    ("fr", 1, "Profil de l'équipe (1 participant·e) : X"),
    ("fr", 2, "Profil de l'équipe (2 participant·es) : X"),
    ("en", 0, "Team profile (0 participants): X"),
    ("en", 1, "Team profile (1 participant): X"),
    ("en", 12, "Team profile (12 participants): X"),
])
def test_plurals_follow_each_languages_rule(lang: str, count: int, expected: str) -> None:
    assert message("team_title", lang, count=count, top="X") == expected


def test_a_plural_message_without_count_is_a_programming_error() -> None:
    with pytest.raises(TypeError):
        message("team_title", "fr", top="X")


def test_unknown_language_falls_back_to_french() -> None:
    assert message("quiz_back", "de") == "Retour"


def test_names_are_joined_by_each_languages_list_pattern() -> None:
    assert join_names(["A", "B", "C"], "fr") == "A, B et C"
    assert join_names(["A", "B"], "en") == "A and B"
    assert join_names(["A"], "fr") == "A"


@pytest.fixture
def locale_copy(tmp_path, monkeypatch):
    """The catalogues copied where a test may edit them, every cache of what was read emptied."""
    import shutil

    import bot.core.messages as messages

    copy = tmp_path / "locale"
    shutil.copytree(messages.LOCALE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(messages, "LOCALE_DIR", copy)

    def forget() -> None:
        for cached in (messages.compiled_catalogues, messages.source_texts, messages.translations):
            cached.cache_clear()

    forget()
    yield copy, forget
    forget()


def test_what_was_read_is_kept_and_an_edited_catalogue_is_read_again(locale_copy) -> None:
    copy, forget = locale_copy
    assert message("help_title", "fr").startswith("labtype — les 7 archétypes")
    assert len(list((copy / "__pycache__").glob("labtype-*.json"))) == 1
    po = copy / "fr" / "LC_MESSAGES" / "labtype.po"
    po.write_text(po.read_text(encoding="utf-8").replace(
        'msgstr "labtype — les 7 archétypes des labs d\'innovation publique"', 'msgstr "labtype — édité"'),
        encoding="utf-8")
    forget()
    assert message("help_title", "fr") == "labtype — édité"


def test_a_broken_catalogue_is_refused_even_when_an_older_one_was_kept(locale_copy) -> None:
    copy, forget = locale_copy
    message("help_title", "fr")
    po = copy / "fr" / "LC_MESSAGES" / "labtype.po"
    po.write_text(po.read_text(encoding="utf-8") + '\nmsgctxt "broken"\nmsgid "unclosed\n', encoding="utf-8")
    forget()
    from babel.messages.pofile import PoFileError

    with pytest.raises(PoFileError):
        message("help_title", "fr")
