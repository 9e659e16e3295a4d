"""The PySide6 wizard: start screen, one step per part of the report, checks as the clerk types.

Everything here is a thin front end over the core (form, report, rules, carry) and the draft
store; the Qt-free logic (steps and their states) lives in :mod:`reportdesk.ui.progress`.
"""
