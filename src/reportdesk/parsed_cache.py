"""A TOML file's parsed contents, and compiled regular expressions, kept between runs, so that
a start need not parse and compile them again.

Parsing the form file with ``tomllib`` (and importing it) is some 6 ms of every start of the
wizard, where reading a ``marshal`` copy takes a few hundred microseconds. The copy holds the
file's own bytes beside what they parse to and is used only while those bytes are exactly the
file's: an edited or replaced file is parsed again and the copy rewritten. A copy that cannot
be read or written is ignored — the cache only ever saves time.

Likewise :func:`regex` keeps what compiling a pattern makes (see there).

The copies live in ``$REPORTDESK_CACHE`` when set, else in the user's cache folder
(platformdirs: ``~/.cache/reportdesk`` on Linux, ``%LOCALAPPDATA%\\reportdesk\\Cache`` on Windows).
"""

from __future__ import annotations

import marshal
import os
import re
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


# -- compiled regular expressions

_compiled: dict[tuple[str, int], re.Pattern] = {}   # this process's, by (pattern, flags)
_programs: dict | None = None    # the copy's: (pattern, flags) → the arguments of _sre.compile


def regex(pattern: str, flags: int = 0) -> re.Pattern:
    """``re.compile(pattern, flags)`` — raising ``re.error`` alike — with the compiled program
    kept between runs.

    Python's ``re`` parses and compiles a pattern in Python: the form's prose patterns took
    ~2 ms of each start. What it hands to ``_sre.compile`` at the end (the pattern's program, a
    list of codes, and its groups) is kept in the cache folder for this very interpreter (its
    version and ``_sre``'s magic number, in the copy), and only after the program rebuilt
    from it has compared equal — code for code — to ``re.compile``'s own; ``_sre`` checks every
    program it is given. Whatever goes wrong, the pattern is compiled as usual.
    """
    key = (pattern, flags)
    compiled = _compiled.get(key)
    if compiled is None:
        compiled = _compiled[key] = _from_copy(key) or _compile_keeping(key)
    return compiled


def _interpreter() -> str:
    import _sre

    return f"{sys.version}|{_sre.MAGIC}|{_sre.CODESIZE}|{sys.maxunicode}"


def _from_copy(key: tuple[str, int]) -> re.Pattern | None:
    global _programs
    if _programs is None:
        _programs = {}
        try:
            stamp, programs = marshal.loads(_copy_path("regex").read_bytes())
            if stamp == _interpreter() and isinstance(programs, dict):
                _programs = programs
        except (OSError, ValueError, EOFError, TypeError):
            pass
    program = _programs.get(key)
    if program is None:
        return None
    try:
        import _sre

        return _sre.compile(*program)
    except Exception:  # noqa: BLE001 - a program this _sre does not take: compiled as usual
        return None


def _compile_keeping(key: tuple[str, int]) -> re.Pattern:
    compiled = re.compile(*key)
    try:
        program = _program(*key)
        import _sre

        if _sre.compile(*program) != compiled:   # (patterns compare by their codes)
            return compiled
    except Exception:  # noqa: BLE001 - re's internals differ: nothing is kept
        return compiled
    _programs[key] = program
    try:
        _write(_copy_path("regex"), marshal.dumps((_interpreter(), _programs)))
    except ValueError:
        pass
    return compiled


def _program(pattern: str, flags: int) -> tuple:
    """What ``re._compiler.compile`` hands to ``_sre.compile`` for a pattern (Python 3.11–3.13)."""
    from re import _compiler, _parser

    parsed = _parser.parse(pattern, flags)
    code = [int(c) for c in _compiler._code(parsed, flags)]
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    return pattern, int(flags | parsed.state.flags), code, parsed.state.groups - 1, groupindex, tuple(indexgroup)
