"""Helper process for the concurrency tests: read-then-write loops on one data folder.

``counter DATA N``: N times, in one transaction, read a counter and write it plus one.
``append DATA NOTE_ID LABEL N``: N times, read the note and save it with a line added,
passing the revision it read; on a conflict, read again and retry (as the window's
"keep mine" does). Prints "done" at the end."""

import sys

from referentiel_desktop.annotations.conflicts import EditConflict
from referentiel_desktop.annotations.notes import edit_note, get_note
from referentiel_desktop.store.models import Setting
from referentiel_desktop.workspace import Workspace

mode, data = sys.argv[1], sys.argv[2]
workspace = Workspace.open(data, busy_timeout_ms=30_000)
conflicts = 0
if mode == "counter":
    for _ in range(int(sys.argv[3])):
        with workspace.transaction() as session:
            row = session.get(Setting, "counter")
            assert row is not None
            row.value = str(int(row.value) + 1)
else:
    note_id, label, count = sys.argv[3], sys.argv[4], int(sys.argv[5])
    for n in range(count):
        while True:
            note = get_note(workspace, note_id)
            try:
                edit_note(workspace, note_id, text=f"{note.text}\n{label} {n}",
                          expected_rev=note.rev)  # fmt: skip
                break
            except EditConflict as conflict:
                assert f"{label} {n}" not in conflict.stored.text
                conflicts += 1
workspace.close()
print("done", conflicts, flush=True)
