"""Selection → content: the items a booklet holds, in the referential's order, with the
team's notes and cases that pass the filters, read once from the store.

The result is plain frozen data (:mod:`.model`), so the layout can run on any thread
without a session.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import referentiel_desktop.booklet.extensions as extensions
from referentiel_desktop.annotations import cases as case_records
from referentiel_desktop.annotations import notes as note_records
from referentiel_desktop.annotations import people
from referentiel_desktop.annotations.views import CaseView, NoteView
from referentiel_desktop.booklet.model import BookletContent, BookletItem, InventorySection
from referentiel_desktop.booklet.options import BookletOptions
from referentiel_desktop.errors import UserError
from referentiel_desktop.i18n import _
from referentiel_desktop.inventory import links
from referentiel_desktop.inventory.answers import assessments, get_assessment
from referentiel_desktop.inventory.overview import summarise
from referentiel_desktop.inventory.path import support_path
from referentiel_desktop.referential.repository import UnknownNodeError
from referentiel_desktop.referential.snapshot import NodeView, read_nodes
from referentiel_desktop.workspace import Workspace

ANNOTATED_KINDS = ("balise",)
"""Kinds that carry notes and cases in a booklet (the team annotates balises)."""


def gather_inventory(workspace: Workspace, options: BookletOptions) -> InventorySection | None:
    """The inventory ``options`` asks for; a territory unknown or never assessed (or a
    day it was not assessed) is refused."""
    if not options.inventory:
        return None
    found = assessments(workspace, options.inventory)  # refuses an unknown territory
    if options.inventory_date is not None:
        # Refuses a day the territory was not assessed, naming the days it was.
        get_assessment(workspace, options.inventory, options.inventory_date)
        found = [a for a in found if a.date <= options.inventory_date]
    if not found:
        message = _("{territory} has no inventory yet: answer its questions first.")
        raise UserError(message.format(territory=options.inventory))
    stage = support_path(workspace, options.inventory).current
    return InventorySection(found[-1], summarise(found, stage))


def expand_selection(nodes: Sequence[NodeView], wanted: Iterable[str]) -> list[str]:
    """The selected ids and everything under them (a theme brings its balises, methods
    and devices; a chapter its sections), in the referential's order. Unknown ids are
    refused with the closest known ones."""
    by_id = {n.id: n for n in nodes}
    children: dict[str, list[str]] = {}
    for node in nodes:
        if node.parent_id:
            children.setdefault(node.parent_id, []).append(node.id)
    chosen: set[str] = set()
    for raw in wanted:
        node_id = raw.strip()
        if node_id not in by_id:
            import difflib

            close = difflib.get_close_matches(node_id, list(by_id), n=5, cutoff=0.6)
            raise UnknownNodeError(node_id, close)
        stack = [node_id]
        while stack:
            current = stack.pop()
            if current not in chosen:
                chosen.add(current)
                stack.extend(children.get(current, ()))
    return [n.id for n in nodes if n.id in chosen]


def _depth(node: NodeView, by_id: dict[str, NodeView]) -> int:
    depth = 0
    parent = node.parent_id
    while parent and parent in by_id:
        depth += 1
        parent = by_id[parent].parent_id
    return depth


def _notes_for(workspace: Workspace, node_id: str, options: BookletOptions) -> list[NoteView]:
    found: dict[str, NoteView] = {}
    tags = options.tags or (None,)
    authors = options.authors or (None,)
    for tag in tags:
        for author in authors:
            for note in note_records.list_notes(
                workspace, target=node_id, tag=tag, author=author,
                include_private=options.private,
            ):  # fmt: skip
                found[note.id] = note
    # Oldest first: a booklet reads as the story of what the team learnt.
    return sorted(found.values(), key=lambda n: n.created_at)


def _cases_for(workspace: Workspace, node_id: str, options: BookletOptions) -> list[CaseView]:
    found: dict[str, CaseView] = {}
    for territory in options.case_territories or (None,):
        for tag in options.tags or (None,):
            for case in case_records.list_cases(
                workspace, balise=node_id, territory=territory, tag=tag
            ):
                found[case.id] = case
    return sorted(found.values(), key=lambda c: c.created_at)


def gather(workspace: Workspace, options: BookletOptions) -> BookletContent:
    """Read what ``options`` asks for. Raises :class:`UserError` when nothing is selected
    or an id is unknown."""
    if not options.selection and not options.inventory:
        raise UserError(_("Nothing is selected: choose at least one item for the booklet."))
    inventory = gather_inventory(workspace, options)
    nodes = read_nodes(workspace.db_path) or []
    by_id = {n.id: n for n in nodes}
    selected = expand_selection(nodes, options.selection)
    shown = set(selected)
    context: set[str] = set()
    for node_id in selected:
        parent = by_id[node_id].parent_id
        while parent and parent in by_id and parent not in shown:
            context.add(parent)
            parent = by_id[parent].parent_id
    answers = extensions.inventory_answers(
        workspace,
        options.inventory,
        [i for i in selected if by_id[i].kind == "question"],
        inventory.assessment.date if inventory else None,
        options.languages(),
    )
    items: list[BookletItem] = []
    for node in nodes:
        if node.id not in shown and node.id not in context:
            continue
        annotated = node.id in shown and node.kind in ANNOTATED_KINDS
        items.append(
            BookletItem(
                node=node,
                depth=_depth(node, by_id),
                context_only=node.id in context,
                notes=tuple(_notes_for(workspace, node.id, options))
                if annotated and options.notes
                else (),
                cases=tuple(_cases_for(workspace, node.id, options))
                if annotated and options.cases
                else (),
                questions=tuple(options.questions_for(node.id)),
                inventory_answers=tuple(answers.get(node.id, ())),
                linked_questions=tuple(q.id for q in links.questions_linked_to(workspace, node.id))
                if annotated and node.kind == "balise"
                else (),
            )
        )
    theme_of: dict[str, str] = {}
    for item in items:
        cursor: NodeView | None = item.node
        while cursor is not None:
            if cursor.kind == "theme":
                theme_of[item.node.id] = cursor.id
                break
            cursor = by_id.get(cursor.parent_id) if cursor.parent_id else None
    author = options.team or people.default_author(workspace) or ""
    return BookletContent(options, tuple(items), theme_of, inventory, tuple(nodes), author)
