"""Deterministic synthetic team material (French and English, with accents) for benchmarks."""

from __future__ import annotations

import random
import re
import tomllib
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, select

from referentiel_desktop.paths import bundled_referential
from referentiel_desktop.store.models import Author, Case, CaseBalise, Node, Note, Territory
from referentiel_desktop.workspace import Workspace

_WORD = re.compile(r"[^\W\d_]{3,}")


def vocabulary(language: str) -> list[str]:
    """Words of the bundled referential in ``language``, most frequent first: synthetic
    text drawn from them with Zipf weights reads like the real material (accents, œ)."""
    data = tomllib.loads(bundled_referential().read_text(encoding="utf-8"))
    counts: Counter[str] = Counter()
    for node in data["node"]:
        for field in ("title", "body"):
            text = node.get(field, {}).get(language, "")
            counts.update(w.lower() for w in _WORD.findall(text))
    return [word for word, _count in counts.most_common()]


FRENCH = vocabulary("fr")
ENGLISH = vocabulary("en")
_WEIGHTS = {id(v): [1 / (rank + 1) for rank in range(len(v))] for v in (FRENCH, ENGLISH)}


def sentence(rng: random.Random, words: int = 18) -> str:
    vocab = FRENCH if rng.random() < 0.6 else ENGLISH
    tokens = rng.choices(vocab, weights=_WEIGHTS[id(vocab)], k=words)
    text = " ".join(tokens)
    return text[0].upper() + text[1:] + "."


def query_words(rng: random.Random, count: int) -> list[str]:
    """Words a person would search for: meaningful ones, any frequency."""
    pool = [w for w in FRENCH + ENGLISH if len(w) >= 5]
    return [rng.choice(pool) for _ in range(count)]


def populate(
    workspace: Workspace, notes: int, cases: int = 0, seed: int = 2019, spare: str = ""
) -> list[str]:
    """Insert ``notes`` notes and ``cases`` cases in bulk, on every balise but ``spare``;
    return the balise ids used."""
    rng = random.Random(seed)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    with workspace.transaction() as session:
        balises = list(
            session.scalars(select(Node.id).where(Node.kind == "balise", Node.id != spare))
        )
        authors = [str(uuid.UUID(int=rng.getrandbits(128))) for _ in range(8)]
        session.execute(insert(Author), [
            {"id": a, "name": f"Membre {i} Œ", "initials": f"M{i}", "created_at": now,
             "updated_at": now} for i, a in enumerate(authors)
        ])  # fmt: skip
        territories = [str(uuid.UUID(int=rng.getrandbits(128))) for _ in range(20)]
        session.execute(insert(Territory), [
            {"id": t, "name": f"Commune {i}", "code": f"{i:05d}", "description": "",
             "created_at": now, "updated_at": now} for i, t in enumerate(territories)
        ])  # fmt: skip
        rows = []
        for i in range(notes):
            stamp = now + timedelta(seconds=i)
            rows.append({
                "id": str(uuid.UUID(int=rng.getrandbits(128))), "target_id": rng.choice(balises),
                "text": " ".join(sentence(rng) for _ in range(rng.randint(1, 4))),
                "visibility": "team", "author_id": rng.choice(authors),
                "created_at": stamp, "updated_at": stamp,
            })  # fmt: skip
        for start in range(0, len(rows), 5000):
            session.execute(insert(Note), rows[start : start + 5000])
        case_rows, links = [], []
        for i in range(cases):
            case_id = str(uuid.UUID(int=rng.getrandbits(128)))
            stamp = now + timedelta(seconds=i)
            case_rows.append({
                "id": case_id, "title": sentence(rng, 5)[:-1],
                "territory_id": rng.choice(territories),
                "period": "2019–2021", "actors": sentence(rng, 6), "text": sentence(rng),
                "lessons": sentence(rng), "author_id": rng.choice(authors),
                "created_at": stamp, "updated_at": stamp,
            })  # fmt: skip
            for balise in rng.sample(balises, rng.randint(1, 3)):
                links.append({"case_id": case_id, "node_id": balise})
        if case_rows:
            session.execute(insert(Case), case_rows)
            session.execute(insert(CaseBalise), links)
    return balises


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]
