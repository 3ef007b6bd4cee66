"""The team exchange without a server: a bundle file exported on one laptop and merged
into another's data (format, validation, export, merge, conflicts, report)."""
