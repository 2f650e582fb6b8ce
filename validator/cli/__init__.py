"""The `guides` command line: `main` builds the parser from the command modules beside it, one per command."""
