"""The mkdocs plugin `guides`."""
