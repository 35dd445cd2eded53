"""The one exception that means the check could not run (exit code 2)."""


class CheckError(Exception):
    """The check could not run: the message is shown on one line, without a traceback."""
