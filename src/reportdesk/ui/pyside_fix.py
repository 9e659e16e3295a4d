"""A guard against a PySide6 reference-count bug that aborts the program on Python 3.11.

PySide6 6.12.0 (the wheels on PyPI, as tested here) returns ``None`` from every Qt method
that returns nothing without counting the reference: each call such as ``painter.save()`` or
``widget.update()`` takes one reference from ``None``. Python 3.12 and later made ``None``
immortal, so nothing happens there; on Python 3.11 ``None`` starts with some tens of
thousands of references, and after that many calls — a few minutes of typing in the wizard —
the interpreter stops with “Fatal Python error: none_dealloc: deallocating None”.

:func:`protect_none` checks for the bug once and, where it is present, gives ``None`` so many
references that no session can use them up: what Python 3.12 does by design.
"""

from __future__ import annotations

import sys

# 2**40 references: at a million Qt calls a second, 12 days of use.
_RESERVE = 1 << 40


def none_leaks() -> bool:
    """Whether calling a Qt method that returns nothing takes a reference from None."""
    if sys.version_info >= (3, 12):
        return False  # None is immortal
    import PySide6

    if tuple(int(x) for x in PySide6.__version__.split(".")[:2]) < (6, 12):
        return False  # the releases before 6.12 count their references right
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(50):
        probe.setObjectName("probe")
    return sys.getrefcount(None) < before - 25


def protect_none() -> bool:
    """Make None practically immortal when this PySide6 needs it; returns whether it did."""
    if sys.getrefcount(None) > _RESERVE // 2 or not none_leaks():
        return False
    if sys.implementation.name != "cpython":
        return False
    import ctypes

    # ob_refcnt is the first field of every object in CPython (a Py_ssize_t).
    ctypes.c_ssize_t.from_address(id(None)).value += _RESERVE
    return True
