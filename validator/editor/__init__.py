"""The web editor (Decap CMS) for clerks: its configuration generated from the schemas, its files in the built site,
and `guides edit`, which runs it on this computer against the local repository."""
