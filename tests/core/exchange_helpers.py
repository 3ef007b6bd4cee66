"""Two teammates' data folders, driven through the real command line."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from referentiel_desktop.cli import run


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


class Laptop:
    """One consultant's data folder."""

    def __init__(self, folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.folder = folder
        self._capsys = capsys

    def __call__(self, *args: str) -> Result:
        self._capsys.readouterr()
        try:
            code = run(["--data-dir", str(self.folder), *args])
        except SystemExit as exit_:
            code = int(exit_.code or 0)
        out, err = self._capsys.readouterr()
        return Result(code, out, err)

    def ok(self, *args: str) -> Any:
        result = self(*args, "--json")
        assert result.code == 0, result.err
        return result.json()

    def dump(self) -> str:
        """Everything the database holds, to compare before and after."""
        with sqlite3.connect(self.folder / "referentiel.sqlite3") as conn:
            return "\n".join(conn.iterdump())

    def notes(self) -> dict[str, dict[str, Any]]:
        return {n["id"]: n for n in self.ok("note", "list")}


def balise(laptop: Laptop, index: int = 0) -> str:
    nodes = laptop.ok("list")
    return [n["id"] for n in nodes if n["kind"] == "balise"][index]
