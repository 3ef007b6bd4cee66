"""Keep the gettext catalogs in step with the code.

    python scripts/i18n.py update    extract strings, update fr/en, fill en with the ids
    python scripts/i18n.py check     fail if catalogs are stale or incomplete (CI gate)
    python scripts/i18n.py compile   build the .mo files (run by the set-up scripts)
    python scripts/i18n.py todo fr   print the untranslated French ids as a JSON object
    python scripts/i18n.py apply fr FILE.json   write translations from {"id": "traduction"}

Message ids are English, so the English catalog translates each id to itself; the
French one must be written by a person. ``check`` fails on a stale catalog, on an
untranslated or fuzzy entry in either language, and on what ``msgfmt --check`` rejects
(such as placeholders that differ).
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
I18N = ROOT / "i18n"
POT = I18N / "messages.pot"
LANGS = ("fr", "en")
PYBABEL = [sys.executable, "-m", "babel.messages.frontend"]


def _pybabel(*args: str) -> int:
    return subprocess.call([*PYBABEL, *args], cwd=ROOT)


def _po(lang: str) -> Path:
    return I18N / lang / "LC_MESSAGES" / "messages.po"


def extract(target: Path = POT) -> None:
    """Extract the strings into ``target``; the tracked POT is rewritten only when its
    messages change, never for its date alone (the tree stays clean after the tests)."""
    with tempfile.TemporaryDirectory() as scratch:
        fresh = Path(scratch) / "messages.pot"
        code = _pybabel(
            "-q",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "N_",
            "--no-location",
            "--sort-output",
            "--project",
            "referentiel-desktop",
            "-o",
            str(fresh),
            "src",
        )
        if code:
            sys.exit(code)
        if not target.exists() or _undated(target.read_bytes()) != _undated(fresh.read_bytes()):
            _write_atomically(target, fresh.read_bytes())


def _undated(pot: bytes) -> bytes:
    return b"\n".join(
        line for line in pot.splitlines() if not line.startswith(b'"POT-Creation-Date:')
    )


def _write_atomically(target: Path, data: bytes) -> None:
    """Write through a temporary file in the same folder, then rename: a reader (a window
    started while the tests compile) sees the old file or the new one, never half of one."""
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(name, 0o644)
        os.replace(name, target)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


def update() -> None:
    extract()
    for lang in LANGS:
        po = _po(lang)
        if po.exists():
            _pybabel(
                "-q",
                "update",
                "-i",
                str(POT),
                "-d",
                str(I18N),
                "-l",
                lang,
                "--no-fuzzy-matching",
                "--ignore-pot-creation-date",
            )
        else:
            _pybabel("-q", "init", "-i", str(POT), "-d", str(I18N), "-l", lang)
    _fill_english()


def _fill_english() -> None:
    po = _po("en")
    with po.open("rb") as handle:
        catalog = read_po(handle, locale="en")
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            if not any(message.string):
                message.string = tuple(message.id)
        elif not message.string:
            message.string = message.id
        message.flags.discard("fuzzy")
    with po.open("wb") as handle:
        write_po(handle, catalog, omit_header=False, no_location=True, sort_output=True)


def check() -> int:
    failures: list[str] = []
    scratch = tempfile.TemporaryDirectory()
    pot = Path(scratch.name) / "messages.pot"
    extract(pot)
    for lang in LANGS:
        po = _po(lang)
        if not po.exists():
            failures.append(f"{po} is missing")
            continue
        if _pybabel(
            "-q",
            "update",
            "--check",
            "-i",
            str(pot),
            "-d",
            str(I18N),
            "-l",
            lang,
            "--no-fuzzy-matching",
            "--ignore-pot-creation-date",
        ):
            failures.append(f"{lang}: catalog is stale (run: python scripts/i18n.py update)")
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=lang)
        for message in catalog:
            if not message.id:
                continue
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if not all(strings):
                failures.append(f"{lang}: untranslated: {message.id!r}")
            if message.fuzzy:
                failures.append(f"{lang}: fuzzy: {message.id!r}")
        if shutil.which("msgfmt"):
            result = subprocess.run(
                ["msgfmt", "--check", "-o", "/dev/null", str(po)],
                capture_output=True,
                text=True,
            )
            if result.returncode:
                failures.append(f"{lang}: msgfmt --check: {result.stderr.strip()}")
    tracked = POT.read_bytes() if POT.exists() else b""
    if _undated(tracked) != _undated(pot.read_bytes()):
        failures.append(f"{POT.name} is stale (run: python scripts/i18n.py update)")
    scratch.cleanup()
    for failure in failures:
        print(failure, file=sys.stderr)
    if not failures:
        print("catalogs: up to date and complete")
    return 1 if failures else 0


def compile_catalogs() -> None:
    """Build each ``.mo`` beside its ``.po``, atomically, and only when it changes."""
    for lang in LANGS:
        po = _po(lang)
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=lang)
        buffer = io.BytesIO()
        write_mo(buffer, catalog, use_fuzzy=True)
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.read_bytes() != buffer.getvalue():
            _write_atomically(mo, buffer.getvalue())
        elif mo.stat().st_mtime < po.stat().st_mtime:
            os.utime(mo)  # same content: i18n.py reads a .mo older than its .po as stale


def _load(lang: str):  # type: ignore[no-untyped-def]
    with _po(lang).open("rb") as handle:
        return read_po(handle, locale=lang)


def _typography(text: str) -> str:
    """French spacing: no-break space before a colon, narrow ones before ; ? !"""
    for mark, space in ((":", "\u00a0"), (";", "\u202f"), ("?", "\u202f"), ("!", "\u202f")):
        text = text.replace(" " + mark, space + mark)
    return text


def todo(lang: str) -> None:
    catalog = _load(lang)
    missing = {
        m.id: "" for m in catalog if m.id and isinstance(m.id, str) and (not m.string or m.fuzzy)
    }
    print(json.dumps(missing, ensure_ascii=False, indent=2))


def apply(lang: str, mapping_file: Path) -> None:
    mapping = json.loads(mapping_file.read_text(encoding="utf-8"))
    catalog = _load(lang)
    unknown = [key for key in mapping if key not in catalog]
    for message in catalog:
        if message.id in mapping and mapping[message.id]:
            message.string = (
                _typography(mapping[message.id]) if lang == "fr" else mapping[message.id]
            )
            message.flags.discard("fuzzy")
    with _po(lang).open("wb") as handle:
        write_po(handle, catalog, omit_header=False, no_location=True, sort_output=True)
    for key in unknown:
        print(f"not in the catalog (run update first?): {key!r}", file=sys.stderr)


def main() -> int:
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "update":
        update()
    elif command == "check":
        return check()
    elif command == "compile":
        compile_catalogs()
    elif command == "todo" and len(sys.argv) == 3:
        todo(sys.argv[2])
    elif command == "apply" and len(sys.argv) == 4:
        apply(sys.argv[2], Path(sys.argv[3]))
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
