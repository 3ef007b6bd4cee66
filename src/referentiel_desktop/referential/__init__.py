"""The referential's content model, its bundled bilingual file and its place in the store."""

from referentiel_desktop.referential.loader import ReferentialError, ReferentialFile, parse_file

__all__ = ["ReferentialError", "ReferentialFile", "parse_file"]
