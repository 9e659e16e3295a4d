"""``reportdesk`` with no arguments: the wizard (cli.run_gui has checked there is a display).

The start is kept short (docs/ui.md has the figures): the core and the draft store are
imported before PySide6, whose import hook reads the source of each module an import
statement names once PySide6 is loaded (those loaded before are spared it), numpy, which
sqlite-utils imports when installed but the draft store never uses, is left out, and the
cyclic garbage collector waits until the first window is up.
"""

from __future__ import annotations

import gc
import os
import sys


def _skip_numpy() -> None:
    """sqlite-utils imports numpy when it is installed, for inserting numpy values, which the
    draft store never does: about 60 ms of the start. An import of numpy now raises ImportError."""
    if "numpy" not in sys.modules:
        sys.modules["numpy"] = None


def _spare_source_reads() -> None:
    """Once PySide6 is loaded, it reads the source of every module an import statement names
    for the first time since (``shibokensupport.feature``: a module whose source says “PySide6”
    may switch on PySide6's ``__feature__`` options): 36 files at a start into a draft's
    window, the core modules named again by the window's modules among them, ~5 ms.
    reportdesk uses no ``__feature__`` option, so the modules loaded by now and reportdesk's
    own are entered in PySide6's table as “ignore this module”, which is what the reading
    would decide for those that never name PySide6 and changes nothing for the others
    (none switches a feature). A PySide6 without that table reads them all."""
    import PySide6.QtCore  # noqa: F401 - the table exists once PySide6 is loaded

    try:
        from shibokensupport.feature import pyside_feature_dict
    except ImportError:
        return
    if not isinstance(pyside_feature_dict, dict):
        return
    names = [n for n in sys.modules if not n.startswith(("PySide6", "shiboken"))]
    package = sys.modules["reportdesk"]
    for folder in package.__path__:
        for path, dirs, files in os.walk(folder):
            dirs[:] = [d for d in dirs if not d.startswith((".", "_"))]
            where = os.path.relpath(path, folder)
            prefix = ".".join(["reportdesk", *([] if where == os.curdir else where.split(os.sep))])
            names += [prefix] + [f"{prefix}.{f[:-3]}" for f in files if f.endswith(".py") and f != "__init__.py"]
    for name in names:
        pyside_feature_dict.setdefault(name, -1)   # -1: “ignore this module”


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

        _spare_source_reads()
        from .application import start_gui

        return start_gui()
    finally:
        gc.enable()
