"""What can go wrong outside a guide's content, and the exit status each command ends with.

This module imports nothing from the package, so that any module may raise these without pulling in the
loader, the schema stage or the rules.
"""

EXIT_OK = 0  # nothing wrong (warnings allowed); every report
EXIT_ERRORS = 1  # errors found: in guides, profiles, a workbook, a stale CODEOWNERS
EXIT_USAGE = 2  # a usage error, or an internal failure


class UsageError(Exception):
    """A problem with how the command was called (exit status 2); the message is the Chinese text shown."""


class GitError(Exception):
    """A git command failed, or git is missing; the message says which, in Chinese.

    Not a UsageError: each caller decides what a failure means there (no history for the site, no cache, or a
    usage error for the revision a user typed), and the command line reports one that reaches it (exit status 2).
    """
