"""Helper process for the crash test: saves notes in a loop, printing each id once its
transaction has committed. The test kills it with SIGKILL at a random moment."""

import sys

from referentiel_desktop.annotations.notes import add_note
from referentiel_desktop.workspace import Workspace

workspace = Workspace.open(sys.argv[1])
print("ready", flush=True)
i = 0
while True:
    view = add_note(workspace, "engagement.b3", f"Sauvegarde n° {i} — « œuvre »", author="Crash")
    print(view.id, flush=True)
    i += 1
