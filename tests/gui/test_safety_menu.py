"""File → Back up now / Restore a backup…, Help → Check the data, the notice shown when
a damaged data file was recovered, and one window per data folder."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QMessageBox

from referentiel_desktop.annotations.notes import add_note, list_notes
from referentiel_desktop.store import backups


def _menu_texts(window: Any, key: str) -> list[str]:
    return [a.text() for a in window.menus[key].actions() if a.text()]


def test_back_up_now_and_restore_from_the_file_menu(window: Any, qtbot: Any) -> None:
    assert "Back up now" in _menu_texts(window, "file")
    assert "Restore a backup…" in _menu_texts(window, "file")
    workspace = window.workspace
    add_note(workspace, "engagement.b3", "Avant la sauvegarde « œuvre »")
    window.safety.backup_action.trigger()
    made = backups.list_backups(workspace.data_dir)
    assert made[0].reason == "manual"
    assert "Backed up to" in window.statusBar().currentMessage()
    add_note(workspace, "engagement.b3", "Après")

    window.safety.restore_action.trigger()
    dialog = window.findChild(QFileDialog, "restore-dialog")
    assert dialog is not None and dialog.isVisible()
    assert Path(dialog.directory().absolutePath()) == workspace.data_dir / "backups"
    dialog.selectFile(str(made[0].path))
    dialog.accept()
    confirm = window.safety.last_box
    assert confirm is not None and confirm.objectName() == "confirm-restore"
    assert list_notes(workspace)[0].text == "Après"  # nothing before the user says yes
    confirm.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: window.safety.last_box.objectName() == "restored")
    assert "backed up in" in window.safety.last_box.text()
    assert [n.text for n in list_notes(workspace)] == ["Avant la sauvegarde « œuvre »"]


def test_check_the_data_from_the_help_menu_reports_and_repairs(window: Any, qtbot: Any) -> None:
    assert "Check the data" in _menu_texts(window, "help")
    window.safety.check_action.trigger()
    box = window.safety.last_box
    assert box.objectName() == "check-report" and "The data is sound." in box.text()
    box.close()
    conn = sqlite3.connect(window.workspace.db_path)
    with conn:
        conn.execute("UPDATE node SET translated = 'pas du JSON' WHERE id = 'engagement.b3'")
    conn.close()
    window.safety.check_action.trigger()
    box = window.safety.last_box
    assert "Problems were found:" in box.text() and "translated cannot be decoded" in box.text()
    repair = next(b for b in box.buttons() if b.text() == "Repair")
    repair.click()
    final = window.safety.last_box
    assert final is not box and "The data is sound." in final.text()
    assert "1 referential list emptied" in final.text()  # one list, said in the singular


def test_a_recovered_data_file_is_told_in_the_window(
    make_window: Any, data_dir: Path, qtbot: Any
) -> None:
    from referentiel_desktop.workspace import Workspace

    with Workspace.open(data_dir) as workspace:
        add_note(workspace, "engagement.b3", "Sauvée")
        workspace.backup("manual")
    db = data_dir / "referentiel.sqlite3"
    with open(db, "r+b") as file:
        file.seek(4096)
        file.write(bytes(4096))
    window = make_window(author=None)
    qtbot.waitUntil(lambda: window.workspace is not None)
    box = window.safety.last_box
    assert box is not None and box.objectName() == "opening-notice"
    assert "was damaged" in box.text() and "backup of" in box.text()
    assert box.isVisible()
    assert [n.text for n in list_notes(window.workspace)] == ["Sauvée"]


def test_a_file_that_is_no_database_is_set_aside_and_said_so(
    make_window: Any, data_dir: Path, qtbot: Any
) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / "referentiel.sqlite3").write_bytes(b"not a database")
    window = make_window(author=None)
    qtbot.waitUntil(lambda: window.workspace is not None)
    assert "no backup to put back" in window.safety.last_box.text()
    assert (data_dir / "referentiel.sqlite3.damaged").read_bytes() == b"not a database"


def test_a_second_launch_brings_the_first_window_forward(
    qapp: Any, qtbot: Any, data_dir: Path
) -> None:
    from referentiel_desktop.gui.common.single_instance import SingleInstance

    data_dir.mkdir(parents=True)
    first = SingleInstance(data_dir)
    assert first.acquire()
    try:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        with qtbot.waitSignal(first.activated, timeout=20000):
            second = subprocess.Popen(
                [sys.executable, "-m", "referentiel_desktop", "--data-dir", str(data_dir)],
                env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            )  # fmt: skip
            qtbot.waitUntil(lambda: second.poll() is not None, timeout=20000)
        _out, err = second.communicate()
        assert second.returncode == 0
        assert "already open" in err and "brought forward" in err
    finally:
        first.release()


def test_a_lock_left_by_a_crash_is_taken_over(qapp: Any, data_dir: Path) -> None:
    from referentiel_desktop.gui.common.single_instance import SingleInstance

    data_dir.mkdir(parents=True)
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from PySide6.QtCore import QLockFile; "
         f"lock = QLockFile({str(data_dir / '.window.lock')!r}); lock.setStaleLockTime(0); "
         "print(lock.tryLock(1000), flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert holder.stdout is not None and holder.stdout.readline().strip() == "True"
    assert not SingleInstance(data_dir).lock.tryLock(100)  # held by a live process
    holder.kill()  # a crash: the lock file stays behind
    holder.wait()
    assert (data_dir / ".window.lock").exists()
    taker = SingleInstance(data_dir)
    assert taker.acquire()
    taker.release()


def test_a_read_only_data_folder_opens_read_only_in_the_window(
    qapp: Any, qtbot: Any, tmp_path: Path
) -> None:
    from referentiel_desktop.gui.app import create_main_window
    from referentiel_desktop.workspace import Workspace
    from tests.mounts import remount_read_only, small_tmpfs

    with small_tmpfs(tmp_path / "ro", "20m") as disk:
        data = disk / "data"
        with Workspace.open(data) as workspace:
            add_note(workspace, "engagement.b3", "Lisible « œuvre »", author="Camille")
        remount_read_only(disk)
        window = create_main_window(data, qapp, defer_workspace=False)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: window.workspace is not None)
        try:
            assert window.workspace.read_only
            box = window.safety.last_box
            assert box.objectName() == "opening-notice" and "is read-only" in box.text()
            assert "cannot be read" not in box.text()
            assert window.statusBar().currentMessage() == "Read-only: nothing can be saved."
            assert not window.safety.backup_action.isEnabled()
            assert not window.safety.restore_action.isEnabled()
            assert window.safety.check_action.isEnabled()
            assert [n.text for n in list_notes(window.workspace)] == ["Lisible « œuvre »"]
            box.close()
        finally:
            window.workspace.close()
            window.close()


def test_a_window_left_open_makes_the_next_days_backup(window: Any) -> None:
    from datetime import UTC, datetime, timedelta

    workspace = window.workspace
    assert window.safety.daily_timer.isActive()
    for old in backups.list_backups(workspace.data_dir):
        old.path.unlink()  # only yesterday's backup, below
    made = workspace.backup("manual")
    add_note(workspace, "engagement.b3", "Écrite depuis")
    yesterday = datetime.now(UTC) - timedelta(days=1)
    made.path.rename(
        made.path.with_name(f"referentiel-{yesterday.strftime(backups._STAMP)}-manual.sqlite3")
    )
    window.safety.daily_backup()
    assert [b.reason for b in backups.list_backups(workspace.data_dir)] == ["daily", "manual"]
    window.safety.daily_backup()  # once a day, not once an hour
    assert [b.reason for b in backups.list_backups(workspace.data_dir)].count("daily") == 1
