"""Errors that carry a message for people (in Chinese) and the command line's exit status."""

from __future__ import annotations


class ReportdeskError(Exception):
    """An error a person can act on: ``message`` is Chinese, ``exit_code`` is the CLI's status."""

    exit_code = 2

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class FormError(ReportdeskError):
    """The form file itself is wrong (a program fault, found when it is loaded)."""


class UnreadableReport(ReportdeskError):
    """A file that is missing, damaged, hostile or not a report."""


class InvalidValue(ReportdeskError, ValueError):
    """A value typed into a cell that is not a valid number for it."""

    exit_code = 1


class RefusedEdit(ReportdeskError):
    """An edit that is not allowed: a computed cell, a final draft."""

    exit_code = 1
