#!/usr/bin/env bash
# Build the Linux application and its .deb, and try both as a user would:
#   1. PyInstaller builds the one-folder program from packaging/referentiel-desktop.spec;
#   2. the built program runs --version, a search, a booklet, doctor, and paints its
#      window offscreen (the start-up probe);
#   3. the folder's size is checked against its budget (180 MB, du -sb: apparent bytes);
#   4. dpkg-deb (offline) packs it with its launcher, .desktop entry, AppStream metadata,
#      hicolor icons and MIME type;
#   5. with INSTALL_DEB=1 (CI does so), apt-get installs the .deb on this machine, the
#      installed command runs once, and the package is removed again.
# Usage: bash packaging/linux/build.sh [PYTHON]   (default: .venv/bin/python)
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${1:-.venv/bin/python}
BUDGET=180000000
OUT=build/linux
APP_ID=fr.transitions.ReferentielDesktop
VERSION=$("$PY" -c 'import tomllib; print(tomllib.load(open("pyproject.toml","rb"))["project"]["version"])')
started=$(date +%s)

"$PY" -m pip install -q 'pyinstaller>=6.10' 2>&1 | grep -v '^WARNING: Location' || true
"$PY" scripts/i18n.py compile
"$PY" packaging/render_icons.py build/icons >/dev/null
"$PY" -m PyInstaller --noconfirm --log-level WARN --distpath "$OUT/dist" --workpath "$OUT/work" \
  packaging/referentiel-desktop.spec
APP="$OUT/dist/referentiel-desktop"
echo "built in $(( $(date +%s) - started )) s"

smoke() {  # smoke COMMAND: what CI asks of a built or installed program
  local cmd=$1 scratch
  scratch=$(mktemp -d)
  export REFERENTIEL_DESKTOP_DATA_DIR="$scratch/data" REFERENTIEL_DESKTOP_CACHE_DIR="$scratch/cache"
  "$cmd" --version
  "$cmd" search confiance --json >"$scratch/search.json"
  grep -q '"engagement.b3"' "$scratch/search.json"
  "$cmd" booklet --select engagement.b3 --out "$scratch/livret.pdf"
  head -c 5 "$scratch/livret.pdf" | grep -q '%PDF-'
  "$cmd" doctor
  QT_QPA_PLATFORM=offscreen REFERENTIEL_DESKTOP_STARTUP_PROBE=1 timeout 120 "$cmd" \
    >"$scratch/probe.txt" 2>/dev/null
  grep -q '^first-paint ' "$scratch/probe.txt"
  echo "smoke: window painted ($(head -1 "$scratch/probe.txt"))"
  unset REFERENTIEL_DESKTOP_DATA_DIR REFERENTIEL_DESKTOP_CACHE_DIR
  rm -rf "$scratch"
}
smoke "$APP/referentiel-desktop"

size=$(du -sb "$APP" | cut -f1)
echo "folder: $size bytes (du -sb), budget $BUDGET"
if [ "$size" -gt "$BUDGET" ]; then
  echo "the folder is over its size budget" >&2
  exit 1
fi

# The .deb: program under /opt, launcher in /usr/bin, desktop integration under /usr/share.
ROOT="$OUT/deb/root"
rm -rf "$OUT/deb"
mkdir -p "$ROOT/DEBIAN" "$ROOT/opt" "$ROOT/usr/bin" "$ROOT/usr/share/applications" \
  "$ROOT/usr/share/metainfo" "$ROOT/usr/share/mime/packages" \
  "$ROOT/usr/share/icons/hicolor/scalable/apps" "$ROOT/usr/share/doc/referentiel-desktop"
cp -a "$APP" "$ROOT/opt/referentiel-desktop"
cat >"$ROOT/usr/bin/referentiel-desktop" <<'LAUNCHER'
#!/bin/sh
exec /opt/referentiel-desktop/referentiel-desktop "$@"
LAUNCHER
chmod 0755 "$ROOT/usr/bin/referentiel-desktop"
install -m 0644 "packaging/linux/$APP_ID.desktop" "$ROOT/usr/share/applications/"
install -m 0644 "packaging/linux/$APP_ID.metainfo.xml" "$ROOT/usr/share/metainfo/"
install -m 0644 "packaging/linux/$APP_ID.mime.xml" "$ROOT/usr/share/mime/packages/$APP_ID.xml"
install -m 0644 resources/icons/referentiel-desktop.svg \
  "$ROOT/usr/share/icons/hicolor/scalable/apps/$APP_ID.svg"
for px in 16 24 32 48 64 128 256 512; do
  mkdir -p "$ROOT/usr/share/icons/hicolor/${px}x${px}/apps"
  install -m 0644 "build/icons/referentiel-desktop-$px.png" \
    "$ROOT/usr/share/icons/hicolor/${px}x${px}/apps/$APP_ID.png"
done
{
  echo "Référentiel Desktop: GPL-3.0-or-later (/usr/share/common-licenses/GPL-3)."
  echo "The referential: CC BY-NC-ND, see /opt/referentiel-desktop/_internal/resources/referential/LICENSE.txt"
  echo "DejaVu fonts: see /opt/referentiel-desktop/_internal/resources/fonts/LICENSE-DejaVu.txt"
} >"$ROOT/usr/share/doc/referentiel-desktop/copyright"
installed_kb=$(du -sk "$ROOT" | cut -f1)
cat >"$ROOT/DEBIAN/control" <<CONTROL
Package: referentiel-desktop
Version: $VERSION
Architecture: $(dpkg --print-architecture)
Maintainer: Référentiel Desktop contributors <referentiel-desktop@users.noreply.github.com>
Installed-Size: $installed_kb
Depends: libc6, libegl1, libgl1, libfontconfig1, libxkbcommon0, libxkbcommon-x11-0, libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1, libxcb-shape0, libxcb-render-util0, libxcb-image0, libdbus-1-3
Recommends: libwayland-cursor0, libwayland-egl1
Section: misc
Priority: optional
Homepage: https://github.com/referentiel-desktop/referentiel-desktop
Description: offline companion to the referential of transition territories
 Référentiel Desktop carries the referential « Villes pairs et territoires
 pilotes de la transition » in French and English: search as you type, the
 team's notes and cases, exchange files and printed booklets, all offline.
CONTROL
DEB="$OUT/referentiel-desktop_${VERSION}_$(dpkg --print-architecture).deb"
dpkg-deb --root-owner-group -Zxz --build "$ROOT" "$DEB" >/dev/null
echo "deb: $DEB ($(du -sb "$DEB" | cut -f1) bytes)"

if [ "${INSTALL_DEB:-0}" = 1 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq "./$DEB" >/dev/null 2>&1 \
    || { apt-get update -qq && apt-get install -y -qq "./$DEB" >/dev/null; }
  test -x /usr/bin/referentiel-desktop
  test -f "/usr/share/icons/hicolor/48x48/apps/$APP_ID.png"
  smoke /usr/bin/referentiel-desktop
  apt-get remove -y -qq referentiel-desktop >/dev/null
  echo "deb: installed with apt-get, run, removed"
fi
echo "packaging done in $(( $(date +%s) - started )) s"
