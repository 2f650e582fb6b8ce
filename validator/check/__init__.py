"""Checking a catalogue: strict loading, the schema stage, suppressions, per-file and whole-catalogue runs, workers,
the summary cache, `--changed-since` and `[tool.guides]`."""
