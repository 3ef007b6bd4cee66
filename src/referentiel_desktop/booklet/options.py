"""What a booklet is made of: the user's choices, as one plain value.

A preset is these options saved under a name (without the meeting's date, which changes
every month); the command line and the dialog both fill one in.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from referentiel_desktop.errors import UserError
from referentiel_desktop.i18n import _

LANGUAGES = ("fr", "en", "both")
PAPERS = ("a4", "letter", "a5")
WRITING_SPACES = ("none", "lines", "box")


@dataclass(frozen=True)
class BookletOptions:
    selection: tuple[str, ...] = ()
    title: str = ""
    subtitle: str = ""
    territory: str = ""
    team: str = ""
    meeting_date: date | None = None
    lang: str = "fr"
    paper: str = "a4"
    fold: bool = False
    notes: bool = True
    cases: bool = True
    private: bool = False
    tags: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    case_territories: tuple[str, ...] = ()
    writing_space: str = "none"
    questions: tuple[tuple[str, str], ...] = field(default=())
    """Discussion questions the user wrote, as (item id, question) in the order given."""
    inventory: str = ""
    """The territory whose inventory the booklet prints ("" for none)."""
    inventory_date: date | None = None
    """The assessment to print; the latest when ``None`` (like the meeting's date, never
    kept in a preset: next month's booklet prints the assessment of the day)."""

    def __post_init__(self) -> None:
        if self.lang not in LANGUAGES:
            raise UserError(_("Unknown language {value}: choose fr, en or both.").format(
                value=repr(self.lang)))  # fmt: skip
        if self.paper not in PAPERS:
            raise UserError(_("Unknown paper {value}: choose a4, letter or a5.").format(
                value=repr(self.paper)))  # fmt: skip
        if self.writing_space not in WRITING_SPACES:
            raise UserError(_("Unknown writing space {value}: choose none, lines or box.").format(
                value=repr(self.writing_space)))  # fmt: skip

    @property
    def page_paper(self) -> str:
        """The paper each page is laid out on: a folded booklet's pages are A5."""
        return "a5" if self.fold else self.paper

    def languages(self) -> tuple[str, ...]:
        return ("fr", "en") if self.lang == "both" else (self.lang,)

    def questions_for(self, item_id: str) -> list[str]:
        return [text for target, text in self.questions if target == item_id]

    def replace(self, **changes: Any) -> BookletOptions:
        return dataclasses.replace(self, **changes)

    def to_json(self) -> dict[str, Any]:
        """The definition a preset keeps: everything but the meeting's date."""
        data = dataclasses.asdict(self)
        data.pop("meeting_date")
        data.pop("inventory_date")
        for key, value in data.items():
            if isinstance(value, tuple):
                data[key] = [list(v) if isinstance(v, tuple) else v for v in value]
        return data

    @classmethod
    def from_json(cls, data: Any) -> BookletOptions:
        """The options a preset's definition holds; :class:`UserError` naming the first
        option of the wrong type (a bundle carries definitions written elsewhere)."""
        if not isinstance(data, dict):
            raise UserError(_("A preset's definition is not a set of options."))
        kinds = {f.name: f.default for f in dataclasses.fields(cls)}
        values: dict[str, Any] = {}
        for key, value in data.items():
            if key not in kinds or key in ("meeting_date", "inventory_date"):
                continue  # a newer version's option: ignored rather than refused
            values[key] = _option(key, kinds[key], value)
        return cls(**values)

    def require_selection(self) -> None:
        """A booklet (and so a preset) is made of at least one item."""
        if not self.selection:
            raise UserError(_("Nothing is selected: choose at least one item for the booklet."))

    @classmethod
    def from_preset(cls, definition: str) -> BookletOptions:
        """A preset's stored definition, checked as saving one checks it."""
        try:
            data = json.loads(definition)
        except (ValueError, RecursionError) as error:
            raise UserError(_("A preset's definition is not a set of options.")) from error
        options = cls.from_json(data)
        options.require_selection()
        return options

    def dumps(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, sort_keys=True)


def _option(key: str, default: Any, value: Any) -> Any:
    """``value`` as the option ``key`` holds it (the type of its default)."""
    if key == "questions":
        if isinstance(value, list) and all(
            isinstance(pair, list) and len(pair) == 2 and all(isinstance(t, str) for t in pair)
            for pair in value
        ):
            return tuple((a, b) for a, b in value)
        expected = _("a list of pairs of texts")
    elif isinstance(default, bool):
        if isinstance(value, bool):
            return value
        expected = _("true or false")
    elif isinstance(default, str):
        if isinstance(value, str):
            return value
        expected = _("a text")
    else:  # a tuple of texts
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            return tuple(value)
        expected = _("a list of texts")
    message = _("The preset's option {option} should be {expected}.")
    raise UserError(message.format(option=key, expected=expected))
