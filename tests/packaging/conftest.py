"""Helpers shared by the packaging tests."""

from __future__ import annotations

import configparser
import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DESKTOP = ROOT / "packaging" / "linux" / "reportdesk.desktop"


def _load_script(relative: str):
    """Import a script from packaging/ (not a package) as a module."""
    path = ROOT / "packaging" / relative
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def build_deb():
    """packaging/linux/build_deb.py as a module."""
    return _load_script("linux/build_deb.py")


@pytest.fixture(scope="session")
def make_icons():
    """packaging/make_icons.py as a module."""
    return _load_script("make_icons.py")


def _read_entry(path: Path = DESKTOP) -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keep the case of keys such as Name[zh_CN]
    parser.read_string(path.read_text(encoding="utf-8"))
    return dict(parser["Desktop Entry"])


@pytest.fixture(scope="session")
def read_desktop_entry():
    """A function: the [Desktop Entry] group of a .desktop file (default: ours) as a dict."""
    return _read_entry
