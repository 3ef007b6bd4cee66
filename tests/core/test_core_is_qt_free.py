"""The core never imports Qt: importing every module outside gui/ loads no PySide6."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import referentiel_desktop

PACKAGE = Path(referentiel_desktop.__file__).parent


def _core_modules() -> list[str]:
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        if "gui" in relative.parts or relative.name == "__main__":
            continue
        parts = list(relative.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names.append(".".join(parts))
    return names


def test_importing_the_core_loads_no_pyside6() -> None:
    modules = _core_modules()
    assert "referentiel_desktop.workspace" in modules and len(modules) > 10
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "leaked = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "print(','.join(leaked))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_the_command_line_runs_without_qt(data_dir: Path) -> None:
    code = (
        "import sys\n"
        "from referentiel_desktop.__main__ import main\n"
        f"rc = main(['--data-dir', {str(data_dir)!r}, 'list', '--kind', 'theme'])\n"
        "assert 'PySide6' not in sys.modules\n"
        "sys.exit(rc)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "engagement" in result.stdout
