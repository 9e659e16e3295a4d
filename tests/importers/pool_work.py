"""Work functions for tests of the batch's process pool (a module of its own, so that worker
processes started by any method can import them)."""

import os
from pathlib import Path


def crash_on_bad(paths, args=None):
    """Like the batch's work: one item per path; a worker reading a file named bad* dies."""
    for p in paths:
        if Path(p).name.startswith("bad"):
            os._exit(3)
    return [str(p) for p in paths]
