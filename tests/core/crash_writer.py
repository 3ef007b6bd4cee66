"""Helper process for the crash test: saves notes in a loop, printing each id once its
transaction has committed. The test kills it with SIGKILL at a random moment.

One save is made before "ready" (its id printed just after): the kill then lands among
steady saves, not in the first one's start-up work, however loaded the machine is."""

import sys

from referentiel_desktop.annotations.notes import add_note
from referentiel_desktop.workspace import Workspace

workspace = Workspace.open(sys.argv[1])
first = add_note(workspace, "engagement.b3", "Sauvegarde de départ « œuvre »", author="Crash")
print("ready", flush=True)
print(first.id, flush=True)
i = 0
while True:
    view = add_note(workspace, "engagement.b3", f"Sauvegarde n° {i} — « œuvre »", author="Crash")
    print(view.id, flush=True)
    i += 1
