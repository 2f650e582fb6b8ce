"""Wording and escaping shared by every output: citizen facts, Markdown escaping, terminal widths."""
