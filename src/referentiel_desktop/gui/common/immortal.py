"""Keep ``None``, ``True`` and ``False`` alive whatever PySide6 does to their counts.

PySide6 6.12.0 (the only release the QtPdf wheel accepts) drops a reference to ``None``
at every call of a Qt method that returns nothing (``setText``, ``processEvents``, …),
and on some paths to ``True`` or ``False``. On CPython 3.11 these objects are counted
like any other: the real window aborted with "none_dealloc" after about 41,000 such
calls, a few hours of ordinary use (``tests/gui/test_long_session.py``). CPython 3.12
made them immortal; here they get the same protection the only way 3.11 allows, a
reference count so high that no session can wear it down.
"""

from __future__ import annotations

import sys

# 2**40 lost references: a billion calls a day for three thousand years.
_MARGIN = 1 << 40


def protect_singletons() -> None:
    """Before the first Qt call (``gui/__init__.py``, once per process); nothing to do
    on CPython 3.12+."""
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return
    import ctypes  # here: only where the protection is needed

    for singleton in (None, True, False):
        # ob_refcnt is the first field of every object in a release build of CPython.
        count = ctypes.c_ssize_t.from_address(id(singleton))
        count.value += _MARGIN
