"""``reportdesk`` with no arguments: the wizard (cli.run_gui has checked there is a display).

The start is kept short (docs/ui.md has the figures): the core and the draft store are
imported before PySide6, whose import hook otherwise reads the source of every module
imported after it, numpy, which sqlite-utils imports when installed but the draft store
never uses, is left out, and the cyclic garbage collector waits until the first window is up.
"""

from __future__ import annotations

import gc
import sys


def _skip_numpy() -> None:
    """sqlite-utils imports numpy when it is installed, for inserting numpy values, which the
    draft store never does: about 60 ms of the start. An import of numpy now raises ImportError."""
    if "numpy" not in sys.modules:
        sys.modules["numpy"] = None


def run(argv: list[str] | None = None) -> int:
    """Open the wizard and run until its last window is closed; returns the exit status."""
    _skip_numpy()
    # The start makes a great many objects that live as long as the program (modules, classes,
    # PySide6's enums, the form): the cyclic garbage collector would walk them again and again
    # for nothing, 5–8 ms of the start. It is off until the first window is up
    # (application.resume_collector), and on again if the start fails.
    gc.disable()
    try:
        from .. import carry, rules, store  # noqa: F401 - imported before PySide6, see above
        from . import progress  # noqa: F401 - the wizard's Qt-free part, likewise
        from .application import start_gui

        return start_gui()
    finally:
        gc.enable()
