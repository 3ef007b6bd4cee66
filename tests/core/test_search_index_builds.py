"""Index builds: in the user's cache folder, one builder at a time, each in a fresh folder
swapped in atomically; nothing a crash or a stranger left is trusted or in the way."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from referentiel_desktop import paths
from referentiel_desktop.search.index import SearchIndex
from referentiel_desktop.search.location import CURRENT, LOCK, TAKEOVER, IndexHome
from referentiel_desktop.search.service import SearchService
from referentiel_desktop.workspace import Workspace

LOOP = Path(__file__).with_name("rebuild_loop.py")


def _finds_confiance(workspace: Workspace) -> bool:
    service = SearchService(workspace)
    service.prepare()
    try:
        return "engagement.b3" in [h.id for h in service.search("confiance", "fr").hits]
    finally:
        service.close()


def _builds(home: Path) -> list[str]:
    return sorted(p.name for p in home.iterdir() if p.name.startswith("build-"))


def test_the_index_lives_in_the_cache_folder_one_per_data_folder(
    workspace: Workspace, cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _finds_confiance(workspace)
    home = workspace.index_dir
    assert home.is_relative_to(cache_dir) and not home.is_relative_to(workspace.data_dir)
    current = IndexHome(home).current()
    assert current is not None and any(current.glob("*.toc"))
    whoosh_files = [p for p in workspace.data_dir.rglob("*") if p.suffix in (".toc", ".seg")]
    assert whoosh_files == []  # nothing of the index in the folder a user may share
    with Workspace.open(tmp_path / "autres données") as other:
        assert other.index_dir != home and _finds_confiance(other)
    monkeypatch.chdir(workspace.data_dir.parent)
    assert paths.index_dir(Path(workspace.data_dir.name)) == home  # keyed by resolved path


@pytest.mark.parametrize("stray", ["file", "broken symlink", "symlink elsewhere"])
def test_a_stray_entry_where_the_index_goes_does_not_break_rebuilds(
    workspace: Workspace, tmp_path: Path, stray: str
) -> None:
    home = workspace.index_dir
    home.parent.mkdir(parents=True, exist_ok=True)
    elsewhere = tmp_path / "partagé"
    elsewhere.mkdir()
    if stray == "file":
        home.write_text("pas un dossier")
    elif stray == "broken symlink":
        home.symlink_to(tmp_path / "nulle-part")
    else:
        home.symlink_to(elsewhere)  # never build into, nor read from, another folder
    for _ in range(2):
        assert SearchIndex(workspace).rebuild() > 100
    assert home.is_dir() and not home.is_symlink()
    assert list(elsewhere.iterdir()) == []
    assert _finds_confiance(workspace)


def test_strays_and_leftovers_inside_the_index_folder_are_cleared_never_trusted(
    workspace: Workspace, tmp_path: Path
) -> None:
    assert _finds_confiance(workspace)
    home = workspace.index_dir
    good = IndexHome(home).current()
    assert good is not None
    crashed = home / "build-crashed"  # a build killed halfway
    crashed.mkdir()
    (crashed / "MAIN_1.toc").write_bytes(b"\x80garbage")
    (home / "build-broken").symlink_to(tmp_path / "nulle-part")
    (home / f".{CURRENT}.x.part").write_text("build-crashed")
    (home / LOCK).unlink(missing_ok=True)
    (home / LOCK).mkdir()  # even the lock file's name taken by a folder
    (home / TAKEOVER).unlink(missing_ok=True)
    (home / TAKEOVER).symlink_to(tmp_path / "nulle-part")  # and its brief lock's by a link
    SearchIndex(workspace).rebuild()
    assert _builds(home) == [IndexHome(home).current().name]  # type: ignore[union-attr]
    assert sorted(p.name for p in home.iterdir() if not p.name.startswith("build-")) == [
        CURRENT, LOCK, TAKEOVER
    ]  # fmt: skip
    # A CURRENT that names something outside, or a symlink, is not followed.
    outside = tmp_path / "build-dehors"
    outside.mkdir()
    for name in ("../../build-dehors", "build-lien"):
        (home / "build-lien").unlink(missing_ok=True)
        (home / "build-lien").symlink_to(outside, target_is_directory=True)
        (home / CURRENT).write_text(name)
        assert IndexHome(home).current() is None
        assert _finds_confiance(workspace)  # rebuilt in a folder of its own
        assert list(outside.iterdir()) == []


@pytest.mark.parametrize("field", ["seq from another database", "older schema", "no seq"])
def test_an_index_whose_state_does_not_match_the_database_is_not_trusted(
    workspace: Workspace, field: str
) -> None:
    from referentiel_desktop.store.migrations import SCHEMA_VERSION

    assert _finds_confiance(workspace)
    current = IndexHome(workspace.index_dir).current()
    assert current is not None
    state = json.loads((current / "state.json").read_text())
    if field == "seq from another database":
        state["seq"] = workspace.latest_seq() + 1000
    elif field == "older schema":
        state["schema"] = SCHEMA_VERSION - 1  # a migration ran since the build
    else:
        state["watermark"] = state.pop("seq")  # as an earlier version wrote it
    (current / "state.json").write_text(json.dumps(state))
    index = SearchIndex(workspace)
    assert not index.usable()
    index.close()


@pytest.mark.skipif(sys.platform == "win32", reason="fcntl probe")
def test_the_builder_lock_is_exclusive_and_dies_with_its_holder(workspace: Workspace) -> None:
    import fcntl

    home = IndexHome(workspace.index_dir)
    holder = subprocess.Popen(
        [sys.executable, "-c", (
            "import sys, time; from pathlib import Path\n"
            "from referentiel_desktop.search.location import IndexHome\n"
            "with IndexHome(Path(sys.argv[1])).builder_lock():\n"
            "    print('locked', flush=True); time.sleep(600)\n"
        ), str(home.folder)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        fd = os.open(home.folder / LOCK, os.O_RDWR)
        try:
            with pytest.raises(BlockingIOError):
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # another builder waits
        finally:
            os.close(fd)
    finally:
        holder.kill()  # a builder that crashes…
        holder.wait()
    assert SearchIndex(workspace).rebuild() > 100  # …keeps nobody waiting


def test_two_processes_rebuilding_and_searching_in_loops_never_fail(
    workspace: Workspace,
) -> None:
    from referentiel_desktop.annotations import notes

    notes.add_note(workspace, "engagement.b3", "La confiance « se gagne »", author="Élise")
    loops = [
        subprocess.Popen([sys.executable, str(LOOP), str(workspace.data_dir), "6"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]  # fmt: skip
    for loop in loops:
        out, err = loop.communicate(timeout=600)
        assert "Traceback" not in err and "Error" not in err, err
        assert loop.returncode == 0, err
        assert out.count('"query": "confiance"') == 6
    home = workspace.index_dir
    assert len(_builds(home)) == 1  # every replaced or abandoned build was cleared
    assert _finds_confiance(workspace)


def test_an_index_left_in_the_data_folder_by_an_earlier_version_is_removed(
    workspace: Workspace,
) -> None:
    data = workspace.data_dir
    legacy = data / "index"
    legacy.mkdir()
    for name in ("state.json", "_MAIN_3.toc", "MAIN_abc.seg", "MAIN_WRITELOCK"):
        (legacy / name).write_bytes(b"\x80pickle")
    (data / "index.new" / "MAIN.tmp").mkdir(parents=True)
    (data / "index.new" / "state.json").write_text("{}")
    mine = data / "index.old"  # a folder of the user's that happens to bear the name
    mine.mkdir()
    (mine / "state.json").write_text("{}")
    (mine / "notes à garder.txt").write_text("« précieux »")
    assert _finds_confiance(workspace)
    assert not legacy.exists() and not (data / "index.new").exists()
    assert (mine / "notes à garder.txt").read_text() == "« précieux »"
    # What broke every rebuild before (issue 8, item 9) is now nobody's business.
    (data / "index.new").symlink_to(data / "nulle-part")
    (data / "index").write_text("un fichier")
    for _ in range(2):
        assert SearchIndex(workspace).rebuild() > 100
    assert _finds_confiance(workspace)
    assert (data / "index").read_text() == "un fichier"


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_builders_killed_at_random_moments_leave_nothing_trusted_or_in_the_way(
    workspace: Workspace,
) -> None:
    import random
    import signal
    import time

    rng = random.Random(20261128)
    for _ in range(5):
        loop = subprocess.Popen([sys.executable, str(LOOP), str(workspace.data_dir), "50"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        time.sleep(rng.uniform(1.0, 3.0))  # somewhere in a build, a swap or a search
        os.kill(loop.pid, signal.SIGKILL)
        loop.wait()
    assert SearchIndex(workspace).rebuild() > 100  # the lock died with its holder
    assert len(_builds(workspace.index_dir)) == 1  # what the killed ones left is gone
    assert _finds_confiance(workspace)
