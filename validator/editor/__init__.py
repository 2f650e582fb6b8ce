"""The web editor for clerks: the canonical layout in JavaScript (`assets/canonical.mjs`), what its save writes."""
