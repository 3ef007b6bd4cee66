"""Helper process: ``note_writer.py DATA STOP_FILE`` adds notes until STOP_FILE exists,
printing ``note ID`` once each is committed (acknowledged) and ``refused`` for a write
refused with a message (the data busy, the file replaced). Prints ``done`` at the end."""

import sys
from pathlib import Path

from referentiel_desktop.annotations.notes import add_note
from referentiel_desktop.errors import UserError
from referentiel_desktop.workspace import Workspace

data, stop = Path(sys.argv[1]), Path(sys.argv[2])
workspace = Workspace.open(data, busy_timeout_ms=30_000)
number = 0
while not stop.exists():
    number += 1
    try:
        note = add_note(workspace, "engagement.b3", f"Écrite n° {number} — « œuvre »")
    except UserError:
        print("refused", flush=True)
        continue
    print(f"note {note.id}", flush=True)
workspace.close()
print("done", flush=True)
