"""What goes into the index, read straight from SQLite (fast Core selects, no ORM objects).

The referential's items are indexed in each of their two languages; notes and cases in
the language each of their sentences is written in (``language.py``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from sqlalchemy import literal_column, select
from sqlalchemy.orm import Session

from referentiel_desktop.search.language import split_by_language
from referentiel_desktop.search.ranking import REFERENTIAL_BOOST
from referentiel_desktop.store.models import (
    Author,
    Case,
    CaseBalise,
    CaseTag,
    Node,
    Note,
    NoteTag,
    Tag,
    Territory,
)

Document = dict[str, Any]


def _theme_of(node_id: str) -> str:
    head = node_id.split(".")[0]
    return head if head in ("engagement", "integration", "cooperation", "value") else ""


def node_documents(session: Session) -> Iterator[Document]:
    for node in session.scalars(select(Node).where(Node.retired == 0)):
        keywords_fr = " ".join(node.keywords_fr)
        keywords_en = " ".join(node.keywords_en)
        yield {
            "id": node.id,
            "kind": node.kind,
            "theme": _theme_of(node.id),
            "source": "referential",
            "title_fr": node.title_fr,
            "title_en": node.title_en,
            "body_fr": "\n\n".join(p for p in (keywords_fr, node.body_fr) if p),
            "body_en": "\n\n".join(p for p in (keywords_en, node.body_en) if p),
            "title_exact": f"{node.title_fr}\n{node.title_en}",
            "spell": f"{node.title_fr} {node.title_en} {keywords_fr} {node.body_fr}",
            "label": node.number,
            "_boost": REFERENTIAL_BOOST,
        }


def _tags(session: Session, link: Any, key: Any, ids: list[str] | None) -> dict[str, list[str]]:
    query = select(key, Tag.name).join(Tag, Tag.id == link.tag_id)
    if ids is not None:
        query = query.where(key.in_(ids))
    out: dict[str, list[str]] = defaultdict(list)
    for record_id, name in session.execute(query):
        out[record_id].append(name)
    return out


def _team_doc(kind: str, record_id: str, title: str, text: str, **fields: Any) -> Document:
    targets = fields.pop("targets")
    # A note's title is its own first line: indexing it again as a title would cost a
    # fifth of a rebuild and rank a note's first words like a balise's title.
    indexed_title = "" if kind == "note" else title
    # A town's name or a tag typed in the search field finds the records that carry it;
    # the stored text, which snippets quote, stays the record's own.
    labels = " ".join([fields["territory"], *fields["tag"].split(",")]).strip()
    french, english = split_by_language(text)
    if labels:
        french, english = f"{french}\n\n{labels}", f"{english}\n\n{labels}"
    return {
        "id": record_id,
        "kind": kind,
        "theme": ",".join(sorted({_theme_of(t) for t in targets} - {""})),
        "source": "team",
        "target": ",".join(targets),
        "title_fr": indexed_title,
        "title_en": indexed_title,
        "_stored_title_fr": title,
        "_stored_title_en": title,
        "title_exact": indexed_title,
        "body_fr": french,
        "body_en": english,
        "_stored_body_fr": text,
        "_stored_body_en": text,
        # "Did you mean" draws on the referential and the cases: spelling every note's
        # words again would double what a rebuild writes (its postings are its cost).
        "spell": f"{title} {text} {labels}" if kind == "case" else "",
        **fields,
    }


def note_title(text: str, limit: int = 90) -> str:
    """A note's first line, cut at a word boundary when long: the title of its hits."""
    first_line = text.strip().splitlines()[0].strip() if text.strip() else ""
    if len(first_line) <= limit:
        return first_line
    cut = first_line[:limit].rsplit(" ", 1)[0].rstrip(" ,;:«")
    return f"{cut}…"


def note_documents(session: Session, ids: list[str] | None = None) -> Iterator[Document]:
    """Live notes (all of them, or ``ids``); deleted ones are left out."""
    query = (
        select(Note.id, Note.target_id, Note.text, Author.name)
        .join(Author, Author.id == Note.author_id)
        .where(Note.deleted_at.is_(None))
    )
    if ids is not None:
        query = query.where(Note.id.in_(ids))
    tags = _tags(session, NoteTag, NoteTag.note_id, ids)
    for note_id, target, text, author in session.execute(query):
        yield _team_doc(
            "note", note_id, note_title(text), text, targets=[target],
            author=author, tag=",".join(tags.get(note_id, [])), territory="",
        )  # fmt: skip


def case_documents(session: Session, ids: list[str] | None = None) -> Iterator[Document]:
    query = (
        select(Case, Territory.name, Author.name)
        .join(Territory, Territory.id == Case.territory_id)
        .join(Author, Author.id == Case.author_id)
        .where(Case.deleted_at.is_(None))
    )
    if ids is not None:
        query = query.where(Case.id.in_(ids))
    tags = _tags(session, CaseTag, CaseTag.case_id, ids)
    balises: dict[str, list[str]] = defaultdict(list)
    # In the order they were linked (the first is the case's own balise), however the
    # rows are read: a lookup by case id would walk the key's index, in id order.
    link_query = select(CaseBalise.case_id, CaseBalise.node_id).order_by(
        literal_column("case_balise.rowid")
    )
    if ids is not None:
        link_query = link_query.where(CaseBalise.case_id.in_(ids))
    for case_id, node_id in session.execute(link_query):
        balises[case_id].append(node_id)
    for case, territory, author in session.execute(query):
        text = "\n\n".join(p for p in (case.actors, case.text, case.lessons, case.period) if p)
        yield _team_doc(
            "case", case.id, case.title, text, targets=balises.get(case.id, []),
            author=author, tag=",".join(tags.get(case.id, [])), territory=territory,
        )  # fmt: skip


def live_counts(session: Session) -> int:
    from sqlalchemy import func

    nodes = session.scalar(select(func.count()).select_from(Node).where(Node.retired == 0))
    notes = session.scalar(select(func.count()).select_from(Note).where(Note.deleted_at.is_(None)))
    cases = session.scalar(select(func.count()).select_from(Case).where(Case.deleted_at.is_(None)))
    return int(nodes or 0) + int(notes or 0) + int(cases or 0)
