"""Référentiel Desktop: « Villes pairs et territoires pilotes de la transition », offline."""

__version__ = "0.1.0"

PROG = "referentiel-desktop"
"""The program's name, as the command line and its ``--version`` print it."""
