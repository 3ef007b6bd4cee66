"""The meeting mode: the referential shown to a council."""
