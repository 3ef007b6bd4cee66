"""Référentiel Desktop: « Villes pairs et territoires pilotes de la transition », offline."""

__version__ = "0.1.0"
