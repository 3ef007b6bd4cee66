"""SQLite storage: the one source of truth."""
