"""Helper process for the crash test: answers inventory questions in a loop, printing
``answer-id position`` once its transaction has committed. SIGKILL comes at random."""

import contextlib
import sys

from referentiel_desktop.annotations.people import add_territory
from referentiel_desktop.errors import UserError
from referentiel_desktop.inventory.answers import set_answer
from referentiel_desktop.inventory.scale import POSITIONS
from referentiel_desktop.workspace import Workspace

workspace = Workspace.open(sys.argv[1])
with contextlib.suppress(UserError):  # an earlier round made it
    add_territory(workspace, "Grande-Synthe", "59")
print("ready", flush=True)
i = int(sys.argv[2])
while True:
    position = POSITIONS[i % len(POSITIONS)]
    answer = set_answer(
        workspace, "Grande-Synthe", f"inventory.q{i % 20 + 1}", position,
        text=f"Réponse n° {i} — « œuvre »", day=f"20{10 + i % 17}-03-14", author="Crash",
    )  # fmt: skip
    print(answer.id, answer.position, i, flush=True)
    i += 1
