"""Keyword search over the referential and the team's material (Whoosh, a cache of SQLite)."""
