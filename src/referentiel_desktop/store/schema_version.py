"""The version of the schema this code reads and writes, on its own: the window's first
paint and the early search read the database with ``sqlite3`` and need only this number,
not the migrations (and the backup code they import). ``migrations.py`` refuses to load
if its list and this number disagree."""

SCHEMA_VERSION = 8
