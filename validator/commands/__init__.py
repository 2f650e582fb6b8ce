"""`guides` subcommands kept in modules of their own (see `cli.COMMAND_MODULES`)."""
