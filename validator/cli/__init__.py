"""`guides` subcommands kept in modules of their own (see `cli.main.COMMAND_MODULES`)."""
