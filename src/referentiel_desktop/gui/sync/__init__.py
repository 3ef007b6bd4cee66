"""File → Synchronise: the team sync in the window."""
