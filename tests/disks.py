"""Small disks for the tests of a full disk and of a read-only one.

A real file system is needed (SQLite's -shm and -wal growth fails differently from a made-up
error): a tmpfs of a few hundred KiB mounted in the test's folder, which needs root (CI runs as
root). Without it the tests that need one skip, saying why. A read-only folder is made with a
remount as root, with permissions otherwise (root ignores permissions).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest


def _mount(*args: str) -> bool:
    if os.name != "posix" or os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


@contextmanager
def small_disk(folder: Path, size_kib: int = 800):
    """A tmpfs of ``size_kib`` KiB mounted at ``folder`` (skips the test when not possible)."""
    folder.mkdir(parents=True, exist_ok=True)
    if not _mount("-t", "tmpfs", "-o", f"size={size_kib}k", "tmpfs", str(folder)):
        pytest.skip("mounting a small tmpfs needs root (CI runs as root)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def fill(folder: Path) -> Path:
    """Fill the disk holding ``folder`` to the last byte; returns the filler file (delete it to free the space)."""
    filler = folder / "filler.bin"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    try:
        for size in (65536, 4096, 512, 64, 8, 1):   # down to the last partial block
            try:
                while True:
                    os.write(fd, b"\0" * size)
            except OSError:
                continue
    finally:
        os.close(fd)
    return filler


@contextmanager
def read_only(folder: Path):
    """``folder`` (and what it holds) made read-only for this process, and writable again after."""
    if os.name == "posix" and os.geteuid() == 0:
        if not os.path.ismount(folder) or not _mount("-o", "remount,ro", str(folder)):
            pytest.skip("a read-only folder for root needs a small disk to remount")
        try:
            yield folder
        finally:
            _mount("-o", "remount,rw", str(folder))
        return
    modes = {p: p.stat().st_mode for p in [folder, *folder.iterdir()]}
    for p in modes:
        p.chmod(0o555 if p.is_dir() else 0o444)
    try:
        yield folder
    finally:
        for p, mode in modes.items():
            p.chmod(mode)
