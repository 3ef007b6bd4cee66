"""Helper process for the inventory's kill -9 test: ``crash_inventory_writer.py DATA ROUNDS
SEED``.

It imports the application once, then for each round forks a child that opens the data
folder and answers inventory questions in a loop, sending ``answer-id step`` once each
write has committed; after a random moment the child is killed with SIGKILL. Forking
after the imports (as the notes' crash writer does) makes a round cost milliseconds
instead of a Python start-up. Every acknowledged write is printed on standard output.
"""

import contextlib
import os
import random
import sys
from pathlib import Path

from crash_writer import fork_and_kill  # the notes' harness, beside this file

from referentiel_desktop.annotations.people import add_territory
from referentiel_desktop.errors import UserError
from referentiel_desktop.inventory.answers import set_answer
from referentiel_desktop.inventory.scale import POSITIONS
from referentiel_desktop.workspace import Workspace

TERRITORY = "Grande-Synthe"


def answer(workspace: Workspace, step: int) -> str:
    """Write number ``step``: which question, day and position it sets follow from it."""
    view = set_answer(
        workspace, TERRITORY, f"inventory.q{step % 20 + 1}", POSITIONS[step % len(POSITIONS)],
        text=f"Réponse n° {step} — « œuvre »", day=f"20{10 + step % 7}-03-14", author="Crash",
    )  # fmt: skip
    return f"{view.id} {step}"


def write_until_killed(data: Path, first_step: int, out: int) -> None:
    workspace = Workspace.open(data)
    os.write(out, b"ready\n")
    step = first_step
    while True:
        os.write(out, f"{answer(workspace, step)}\n".encode())
        step += 1


def one_round(data: Path, first_step: int, delay: float) -> list[str]:
    return fork_and_kill(lambda out: write_until_killed(data, first_step, out), delay)


def main() -> None:
    data, rounds, seed = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    rng = random.Random(seed)
    with Workspace.open(data) as warm:  # mappers configured once, before the forks
        with contextlib.suppress(UserError):
            add_territory(warm, TERRITORY, "59")
        print(answer(warm, 0), flush=True)
    step = 1
    for _ in range(rounds):
        for line in one_round(data, step, rng.uniform(0.05, 0.4)):
            print(line, flush=True)
            step = max(step, int(line.split()[1]) + 1)
        step += 1  # a write that committed unacknowledged is overwritten by a later one
        print("killed", flush=True)


if __name__ == "__main__":
    main()
