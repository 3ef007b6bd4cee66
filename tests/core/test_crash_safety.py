"""kill -9 during saves, backups, booklet presets, `referential load`, restores racing a
writer and set-asides racing a writer: over 100 kills,
the database stays sound, every acknowledged write (note, preset) is there, every backup
kept passes its check, and nothing half-written is left once the folder is opened again."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.core.crash_harness import PLAN, run_all


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the writer forks (POSIX)")
def test_kill_9_loses_no_acknowledged_write(tmp_path: Path) -> None:
    outcomes = run_all(tmp_path)
    assert sum(o.kills for o in outcomes) == sum(kills for _mode, kills in PLAN) >= 100
    for outcome in outcomes:
        print(outcome.summary())
        assert outcome.integrity == "ok"
        assert outcome.notes, f"{outcome.mode}: no write was acknowledged"
        assert outcome.lost_notes == set()
        assert outcome.damaged_files == [] and outcome.set_aside == 0
        assert outcome.unsound_backups == []
        assert outcome.notices == []
        assert outcome.stray_parts == []
    backups = next(o for o in outcomes if o.mode == "backups")
    assert backups.backups, "no backup was acknowledged"
    loads = [o for o in outcomes if o.mode == "referential"]
    assert any(o.editions for o in loads), "no referential load was acknowledged"
    presets = next(o for o in outcomes if o.mode == "presets")
    assert presets.presets, "no preset was acknowledged"
    assert presets.presets <= presets.stored_presets
    restores = next(o for o in outcomes if o.mode == "restore")
    assert restores.restores, "no restore was acknowledged"
    racing = next(o for o in outcomes if o.mode == "set-aside")
    assert racing.refused, "no set-aside was tried"
    for outcome in loads:
        assert outcome.stored_edition >= max(outcome.editions, default=0)
