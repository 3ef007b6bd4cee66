"""Helper process for the kill -9 tests: ``crash_writer.py DATA MODE ROUNDS SEED``.

It imports the application once, then for each round forks a child that opens the data
folder and writes in a loop, sending each write once it has committed; after a random
moment the child is killed with SIGKILL. Forking after the imports makes a round cost
milliseconds instead of a Python start-up, so a hundred kills stay fast enough for CI.
Every acknowledged write is printed on standard output.

Modes: ``notes`` (saves notes), ``backups`` (a note, then a backup, in turn),
``referential`` (a note, then a `referential load` of the next edition version, which
makes its own backup first, in turn), ``presets`` (a note, then a booklet preset saved
under a new name, in turn). Two modes race another process that adds notes all along
(``note_writer.py``, never killed; its acknowledged notes are printed at the end):
``restore`` (the killed child restores the backup holding the most work, once a round;
the notes every backup holds are printed between rounds, as ``held ID``) and
``set-aside`` (the killed child, finding the file "damaged", tries to set it aside
while the writer has it open: it must be refused every time).
"""

import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from referentiel_desktop import paths
from referentiel_desktop.annotations.notes import add_note
from referentiel_desktop.booklet import content  # noqa: F401 - see below
from referentiel_desktop.booklet.options import BookletOptions
from referentiel_desktop.booklet.presets import save_preset
from referentiel_desktop.errors import UserError
from referentiel_desktop.referential import repository
from referentiel_desktop.referential.loader import parse_text
from referentiel_desktop.store import backups, health
from referentiel_desktop.workspace import Workspace

VERSION_LINE = re.compile(r"^version = [0-9]+$", re.MULTILINE)
# ``content`` is imported above, before the forks, though save_preset imports it only when
# it first runs (listing presets needs none of it): a child must spend its short life saving.


def race_until_killed(data: Path, mode: str, say: Callable[[str], None]) -> None:
    if mode == "set-aside":
        say("ready")
        while True:
            try:
                health.recover(data, data / "referentiel.sqlite3", "simulated damage")
            except UserError:
                say("refused")
            else:
                say("setaside")
    workspace = Workspace.open(data)
    say("ready")
    newest = backups.best_backup(data)
    if newest is not None:
        workspace.restore(newest.path)
        say("restore")
    while True:  # one restore a round: the parent reads every backup between rounds
        time.sleep(1)


def notes_in_backups(data: Path) -> set[str]:
    """The notes every sound backup holds now (a safety backup holds what a restore
    replaced: read before the thinning of later rounds can remove it)."""
    held: set[str] = set()
    for item in backups.valid_backups(data):
        conn = sqlite3.connect(item.backup.path)
        held |= {row[0] for row in conn.execute("SELECT id FROM note")}
        conn.close()
    return held


def write_until_killed(data: Path, mode: str, out: int) -> None:
    def say(line: str) -> None:
        os.write(out, f"{line}\n".encode())

    if mode in RACING:
        race_until_killed(data, mode, say)

    workspace = Workspace.open(data)
    bundled = paths.bundled_referential().read_text(encoding="utf-8")
    say("ready")
    i = 0
    while True:
        text = f"Sauvegarde n° {i} — « œuvre »"
        say(f"note {add_note(workspace, 'engagement.b3', text, author='Crash').id}")
        if mode == "backups":
            say(f"backup {workspace.backup('manual').path.name}")
        elif mode == "referential":
            with workspace.reading() as session:
                edition = repository.current_edition(session)
                version = (edition.version if edition else 1) + 1
            # whatever version the bundled edition has, the next load is a newer one
            edition_text = VERSION_LINE.sub(f"version = {version}", bundled, count=1)
            workspace.load_referential(parse_text(edition_text, "crash"))
            say(f"edition {version}")
        elif mode == "presets":
            name = f"Conseil n° {i} — « œuvre »"
            save_preset(workspace, name, BookletOptions(selection=("engagement.b3",)))
            say(f"preset {name}")
        i += 1


def fork_and_kill(write: Callable[[int], None], delay: float) -> list[str]:
    """Fork a child that runs ``write(fd)`` (saying "ready" first, then one line per
    acknowledged write), kill it with SIGKILL after ``delay`` seconds, and return what
    it acknowledged. Forking after the imports makes a round cost milliseconds."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        try:
            write(write_end)
        finally:
            os._exit(1)
    os.close(write_end)
    reader = os.fdopen(read_end, "r", encoding="utf-8")
    first = reader.readline().strip()
    if first != "ready":
        raise SystemExit(f"the writer did not start: {first!r}")
    time.sleep(delay)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    lines = [line.strip() for line in reader.read().splitlines() if line.strip()]
    reader.close()
    return lines


def one_round(data: Path, mode: str, delay: float) -> list[str]:
    return fork_and_kill(lambda out: write_until_killed(data, mode, out), delay)


# How long a writer may live, in seconds: long enough for its slowest write to finish
# now and then (a `referential load` rewrites the whole referential after a backup).
RACING = ("restore", "set-aside")
NOTE_WRITER = Path(__file__).with_name("note_writer.py")
LIFETIMES = {
    "restore": (0.2, 2.0),
    "set-aside": (0.05, 0.3),
    "notes": (0.05, 0.4),
    "backups": (0.05, 0.5),
    "referential": (0.1, 1.2),
    "presets": (0.05, 0.4),
}


def main() -> None:
    data, mode, rounds, seed = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
    rng = random.Random(f"{seed}-{mode}")
    with Workspace.open(data) as warm:  # mappers configured once, before the forks
        add_note(warm, "engagement.b3", "Avant les coupures", author="Crash")
        if mode == "restore":
            warm.backup("manual")
    racer = None
    if mode in RACING:
        racer = subprocess.Popen(
            [sys.executable, str(NOTE_WRITER), str(data), str(data / "stop")],
            stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert racer.stdout is not None
        first = racer.stdout.readline().strip()  # the writer has the folder open now
        if first.startswith("note "):
            print(first, flush=True)
    held: set[str] = set()
    for _ in range(rounds):
        for line in one_round(data, mode, rng.uniform(*LIFETIMES[mode])):
            print(line, flush=True)
        print("killed", flush=True)
        if mode == "restore":
            for note_id in notes_in_backups(data) - held:
                held.add(note_id)
                print(f"held {note_id}", flush=True)
    if racer is not None:
        (data / "stop").touch()
        written, _errors = racer.communicate(timeout=120)
        (data / "stop").unlink()
        for line in written.splitlines():
            if line.startswith("note "):
                print(line, flush=True)


if __name__ == "__main__":
    main()
