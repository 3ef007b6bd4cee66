"""Build the word families of ``fr.txt`` and ``en.txt`` from Debian's Hunspell dictionaries.

    apt-get install hunspell-fr-classical hunspell-en-us
    python tests/relevance/families/build.py

A Hunspell dictionary lists each word once with the flags of its paradigm; its affix file
says which endings each flag adds. Every form one entry generates is one family: the
conjugation of a verb (« coopérer … coopéraient … coopérèrent »), the four forms of an
adjective, a noun and its plural. French: Dicollecte's « classique » dictionary (MPL 2.0);
English: SCOWL's en_US (SCOWL licence), its inflectional flags only (-s, -ed, -ing), as
its others (-ive, -ion, -able, -er) make new words. A deterministic sample of each is
written, one family a line (the entry first), so the test needs no dictionary installed.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).parent
HUNSPELL = Path("/usr/share/hunspell")
SEED = 2026
FRENCH_SAMPLE = {"v": 1500, "nom": 1500, "adj": 1000}
ENGLISH_SAMPLE = 3000
ENGLISH_FLAGS = set("DGS")
_LETTERS = re.compile(r"^[^\W\d_]+$")


@dataclass(frozen=True)
class Rule:
    strip: str
    add: str
    then: tuple[str, ...]
    condition: re.Pattern[str]


def _flags(text: str, long: bool) -> list[str]:
    return [text[i : i + 2] for i in range(0, len(text), 2)] if long else list(text)


def read_affixes(path: Path) -> tuple[dict[str, list[Rule]], bool]:
    lines = path.read_text(encoding="utf-8").splitlines()
    long = any(line.split()[:2] == ["FLAG", "long"] for line in lines if line.strip())
    rules: dict[str, list[Rule]] = {}
    for line in lines:
        fields = line.split()
        if len(fields) < 5 or fields[0] != "SFX":
            continue
        flag, strip, add, condition = fields[1:5]
        add, _, then = add.partition("/")
        rules.setdefault(flag, []).append(
            Rule(
                "" if strip == "0" else strip,
                "" if add == "0" else add,
                tuple(_flags(then, long)),
                re.compile(f"(?:{condition})$"),
            )
        )
    return rules, long


def _apply(word: str, flags: list[str], rules: dict[str, list[Rule]], depth: int) -> Iterator[str]:
    for flag in flags:
        for rule in rules.get(flag, ()):
            if rule.condition.search(word) and word.endswith(rule.strip):
                form = word[: len(word) - len(rule.strip)] + rule.add
                yield form
                if depth and rule.then:
                    yield from _apply(form, list(rule.then), rules, depth - 1)


def families(
    language: str, allowed: set[str] | None = None
) -> Iterator[tuple[str, str, list[str]]]:
    """(entry, part of speech, its forms) for every entry of the dictionary."""
    name = {"fr": "fr_FR", "en": "en_US"}[language]
    rules, long = read_affixes(HUNSPELL / f"{name}.aff")
    lines = (HUNSPELL / f"{name}.dic").read_text(encoding="utf-8").splitlines()[1:]
    for line in lines:
        head, *morph = line.split()
        word, _, flag_text = head.partition("/")
        if not _LETTERS.match(word) or word != word.lower():
            continue  # names, abbreviations, numbers, compounds
        flags = [f for f in _flags(flag_text, long) if allowed is None or f in allowed]
        forms = dict.fromkeys([word, *_apply(word, flags, rules, 1)])
        kind = next(
            (m[3:].split("_")[0].rstrip("0123456789") for m in morph if m.startswith("po:")), ""
        )
        yield word, kind, [f for f in forms if _LETTERS.match(f)]


def main() -> None:
    rng = random.Random(SEED)
    by_kind: dict[str, list[list[str]]] = {}
    for _word, kind, forms in families("fr"):
        kind = "v" if kind.startswith("v") else kind
        if kind in FRENCH_SAMPLE and len(forms) > 1:
            by_kind.setdefault(kind, []).append(forms)
    french = [f for kind, n in FRENCH_SAMPLE.items() for f in rng.sample(by_kind[kind], n)]
    english = [forms for _w, _k, forms in families("en", ENGLISH_FLAGS) if len(forms) > 1]
    english = rng.sample(english, ENGLISH_SAMPLE)
    for language, chosen in (("fr", french), ("en", english)):
        text = "\n".join(" ".join(forms) for forms in chosen) + "\n"
        (HERE / f"{language}.txt").write_text(text, encoding="utf-8")
        print(language, len(chosen), "families,", sum(len(f) for f in chosen), "forms")


if __name__ == "__main__":
    main()
