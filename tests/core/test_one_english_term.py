"""One English term for *balise* (issue 20): "beacon", as the source's English text says,
everywhere in the English interface: the content, the filters, the editors."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
_PLACEHOLDER = re.compile(r"\{[^}]*\}")


def test_the_english_catalog_says_beacon_never_balise() -> None:
    with (ROOT / "i18n" / "en" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle)
    found = []
    for message in catalog:
        texts = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in texts:
            if re.search(r"\bbalises?\b", _PLACEHOLDER.sub("", text or ""), re.IGNORECASE):
                found.append(text)
    assert found == []
