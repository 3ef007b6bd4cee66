"""The referential's content model, its bundled bilingual file and its place in the store."""
