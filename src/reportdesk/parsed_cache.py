"""A TOML file's parsed contents kept between runs, so that a start need not parse it again.

Parsing the form file with ``tomllib`` (and importing it) is some 6 ms of every start of the
wizard, where reading a ``marshal`` copy takes a few hundred microseconds. The copy holds the
file's own bytes beside what they parse to and is used only while those bytes are exactly the
file's: an edited or replaced file is parsed again and the copy rewritten. A copy that cannot
be read or written is ignored — the cache only ever saves time.

The copies live in ``$REPORTDESK_CACHE`` when set, else in the user's cache folder
(platformdirs: ``~/.cache/reportdesk`` on Linux, ``%LOCALAPPDATA%\\reportdesk\\Cache`` on Windows).
"""

from __future__ import annotations

import marshal
import os
import sys
from pathlib import Path
from typing import Any, Callable

from platformdirs import user_cache_dir

ENV = "REPORTDESK_CACHE"


def cache_dir() -> Path:
    """The folder of the cached copies."""
    env = os.environ.get(ENV, "").strip()
    if env:
        return Path(env).expanduser()
    return Path(user_cache_dir("reportdesk", appauthor=False))


def _copy_path(name: str) -> Path:
    # marshal's format belongs to one Python version
    return cache_dir() / f"{name}.py{sys.version_info[0]}{sys.version_info[1]}.marshal"


def load_toml(path: Path, cache_as: str | None = None, normalize: Callable[[dict, str], dict] | None = None,
              version: str = "") -> dict[str, Any]:
    """The parsed contents of the TOML file ``path``; with ``cache_as``, kept between runs under that name.

    ``normalize(data, text)`` (the form schema's validation) runs on what is parsed; the copy
    keeps its result, marked with ``version``, and is used only for those very bytes and that
    version. Raises OSError when the file cannot be read, ValueError (``tomllib.TOMLDecodeError``,
    ``UnicodeDecodeError``) when it is not UTF-8 TOML, and whatever ``normalize`` raises.
    """
    raw = path.read_bytes()
    copy = _copy_path(cache_as) if cache_as else None
    if copy is not None:
        try:
            source, stamp, data = marshal.loads(copy.read_bytes())
            if source == raw and stamp == version and isinstance(data, dict):
                return data
        except (OSError, ValueError, EOFError, TypeError):
            pass
    import tomllib

    text = raw.decode("utf-8")
    data = tomllib.loads(text)
    if normalize is not None:
        data = normalize(data, text)
    if copy is not None:
        try:
            _write(copy, marshal.dumps((raw, version, data)))
        except ValueError:  # dates and times: marshal does not take them; parsed each time
            pass
    return data


def _write(target: Path, blob: bytes) -> None:
    """Write ``blob`` to ``target`` whole or not at all; a failure is ignored."""
    from .errors import ReportdeskError
    from .fileio import write_atomic

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, blob)
    except (OSError, ReportdeskError):
        pass
