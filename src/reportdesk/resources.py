"""Find the files under ``resources/`` in a source checkout, an installed wheel or a frozen bundle."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def resources_root() -> Path:
    """Return the folder that holds the form files, styles and icons.

    An installed wheel and a PyInstaller bundle carry it as ``reportdesk/resources`` beside
    the code; a source checkout has it at the top of the tree.
    """
    for candidate in (_PACKAGE_DIR / "resources", _PACKAGE_DIR.parent.parent / "resources"):
        if (candidate / "forms").is_dir():
            return candidate
    raise FileNotFoundError("找不到程序资源文件夹 resources（安装可能不完整）")


def resource_path(*parts: str) -> Path:
    """Return the path of one resource, e.g. ``resource_path("forms", "gov-info-2021.toml")``."""
    return resources_root().joinpath(*parts)
