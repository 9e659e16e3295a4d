"""``reportdesk`` with no arguments: the wizard (cli.run_gui has checked there is a display).

The start is kept short (docs/ui.md has the figures): the core and the draft store are
imported before PySide6, whose import hook otherwise reads the source of every module
imported after it, and numpy, which sqlite-utils imports when installed but the draft store
never uses, is left out.
"""

from __future__ import annotations

import sys


def _skip_numpy() -> None:
    """sqlite-utils imports numpy when it is installed, for inserting numpy values, which the
    draft store never does: about 60 ms of the start. An import of numpy now raises ImportError."""
    if "numpy" not in sys.modules:
        sys.modules["numpy"] = None


def run(argv: list[str] | None = None) -> int:
    """Open the wizard and run until its last window is closed; returns the exit status."""
    _skip_numpy()
    from .. import carry, rules, store  # noqa: F401 - imported before PySide6, see above
    from . import progress  # noqa: F401 - the wizard's Qt-free part, likewise
    from .application import start_gui

    return start_gui()
