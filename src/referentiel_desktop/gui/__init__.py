"""The PySide6 interface: the only package that imports Qt.

Loading it protects ``None``, ``True`` and ``False`` from PySide6 6.12.0's lost references
(``common/immortal.py``), loads QtCore and then tells PySide6's import hook which modules
cannot use Qt (``source_scan.py``), before any other module of the window is imported.
"""

from referentiel_desktop.gui.common.immortal import protect_singletons

protect_singletons()

import PySide6.QtCore  # noqa: E402, F401 - installs the import hook the next line shortens

from referentiel_desktop.gui.source_scan import skip_scan_of_qt_free_modules  # noqa: E402

skip_scan_of_qt_free_modules()
