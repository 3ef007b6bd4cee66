"""The team's own material: notes and cases on the referential, tags, authors, territories.

Every write is one transaction; text is NFC-normalised where it enters; deletion is a
marker; after each commit the workspace's listeners hear which records changed.
"""
