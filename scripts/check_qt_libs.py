"""Before opening the window on Linux, check the system libraries Qt's xcb platform needs,
and say plainly how to install any that are missing."""

from __future__ import annotations

import ctypes.util
import sys

# library soname stem -> Debian/Ubuntu package
NEEDED = {
    "xcb-cursor": "libxcb-cursor0",
    "xcb-icccm": "libxcb-icccm4",
    "xcb-keysyms": "libxcb-keysyms1",
    "xcb-image": "libxcb-image0",
    "xcb-render-util": "libxcb-render-util0",
    "xcb-xkb": "libxcb-xkb1",
    "xkbcommon-x11": "libxkbcommon-x11-0",
    "EGL": "libegl1",
    "fontconfig": "libfontconfig1",
}


def missing() -> list[str]:
    return [package for lib, package in NEEDED.items() if ctypes.util.find_library(lib) is None]


def main() -> int:
    absent = missing()
    if not absent:
        return 0
    print(
        "Qt needs system libraries that are not installed: " + ", ".join(absent) + "\n"
        "On Debian or Ubuntu, install them with:\n"
        "    sudo apt-get install " + " ".join(absent),
        file=sys.stderr,
    )
    return 1


if __name__ == "__main__":
    sys.exit(main())
