"""Errors that the user caused and can fix: the command line prints them plainly and
exits non-zero, the window shows them; either way nothing was changed."""


class UserError(Exception):
    """Bad input: an unknown id, an empty text, an invalid file."""
