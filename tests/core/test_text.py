"""Option numbers as users type them: ASCII digits and keycaps only; other numerals are numbers
that name no option (so the user is told the range), never a crash or a wrong option."""

from __future__ import annotations

import pytest

from bot.core.text import keycap_number, option_number


@pytest.mark.parametrize("text, number", [
    ("2", 2), (" 3. ", 3), ("#4", 4), ("5)", 5), ("1\ufe0f\u20e3", 1), ("6\u20e3", 6), ("0", 0), ("12", 12),
    ("deux", None), ("2 ou 3", None), ("", None), ("#", None), ("👍", None), ("#\ufe0f\u20e3", None),
    # numerals a user may type that are not ASCII digits: a number, but no option
    ("123", 0), ("9" * 5000, 0), ("²", 0), ("①", 0), ("٣", 0), ("३", 0), ("Ⅳ", 0), ("２", 0),
    ("²\ufe0f\u20e3", 0), ("²\u20e3", 0), ("٣\ufe0f\u20e3", 0), ("12\u20e3", 0),
])
def test_option_number(text, number):
    assert option_number(text) == number


def test_keycap_number_only_takes_keycaps():
    assert keycap_number("7\ufe0f\u20e3") == 7 and keycap_number("7") is None and keycap_number("👍") is None
    assert keycap_number("²\ufe0f\u20e3") == 0 and keycap_number("#\ufe0f\u20e3") is None
