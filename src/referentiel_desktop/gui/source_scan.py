"""PySide6 reads the whole source of every module imported after it; spare it that for
the modules that cannot use Qt.

Once ``PySide6.QtCore`` is loaded, PySide6 hooks ``__import__`` and, for each module an
import statement names for the first time, reads its source (``inspect.getsource``) to
learn whether it mentions PySide6: that is how its opt-in ``from __feature__ import
snake_case`` switches know which modules to leave alone. Measured here: about 0.2 ms a
module, 112 modules before the first paint and some 450 by the first search (SQLAlchemy
and Whoosh are many modules), so 20 ms before the paint and 90 ms before the first
results, spent reading files whose answer is known.

The answer is known for the standard library, the core (nothing outside ``gui/``
imports Qt: ``tests/core/test_module_graph.py`` holds it) and the libraries the core
uses, none of which uses PySide6, and for ``gui/``, which does: they get the answer the
scan would give without being read. Every other module (PySide6 itself, pytest-qt,
anything unknown) is still read as PySide6 reads it. The application never turns a
``__feature__`` on, so even a wrong answer would change nothing it does.

The hook is PySide6's own, not a documented interface: if a release renames it, this
does nothing and start-up is as slow as PySide6 makes it (``benchmarks/startup.py``
would show it), never wrong.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType

PACKAGE = __name__.split(".")[0]
GUI = f"{PACKAGE}.gui"
QT_FREE_LIBRARIES = frozenset(
    {
        "sqlalchemy",
        "whoosh",
        "reportlab",
        "babel",
        "platformdirs",
        "typing_extensions",
        "keyring",
        "truststore",
    }
)
"""Third-party packages the core imports; none of them imports Qt."""


def known_answer(name: str) -> bool | None:
    """Whether the module ``name`` uses PySide6, when that is known without reading it:
    the window's modules do, the core, the standard library and the core's libraries do
    not; ``None`` for any other."""
    top = name.split(".")[0]
    if top == PACKAGE:
        return name == GUI or name.startswith(GUI + ".")
    if top in sys.stdlib_module_names or top in QT_FREE_LIBRARIES:
        return False
    return None


def skip_scan_of_qt_free_modules() -> bool:
    """Install the shortcut in PySide6's import hook; False if PySide6 has no such hook."""
    feature = sys.modules.get("shibokensupport.feature")
    scan: Callable[[ModuleType], bool] | None = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or scan is None:
        return False
    if scan in _INSTALLED:
        return True

    def uses_pyside(module: ModuleType) -> bool:
        known = known_answer(getattr(module, "__name__", ""))
        return scan(module) if known is None else known

    _INSTALLED.add(uses_pyside)
    setattr(feature, "_mod_uses_pyside", uses_pyside)  # noqa: B010 - a private hook
    return True


_INSTALLED: set[Callable[[ModuleType], bool]] = set()
