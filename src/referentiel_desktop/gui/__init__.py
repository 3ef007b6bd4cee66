"""The PySide6 interface: the only package that imports Qt.

Loading it loads QtCore first and then tells PySide6's import hook which modules
cannot use Qt (``source_scan.py``), before any other module of the window is imported.
"""

import PySide6.QtCore  # noqa: F401 - installs the import hook the next line shortens

from referentiel_desktop.gui.source_scan import skip_scan_of_qt_free_modules

skip_scan_of_qt_free_modules()
