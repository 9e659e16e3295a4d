"""The fonts of the official layout, the common alternatives, and which of them this computer has.

The published report names 方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312 and 宋体. Offices without
the _GB2312 fonts (installed separately from Windows) switch to the fonts every Chinese Windows
has: 仿宋 (FangSong), 楷体 (KaiTi), 黑体 (SimHei), 宋体 (SimSun). The choice is a setting
(``"official"`` or ``"common"``); the document always names the fonts, and the export warns
which of them the computer lacks, so that the clerk knows the screen and the PDF will show a
stand-in.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

OFFICIAL = "official"
COMMON = "common"
FONT_SETTINGS = {OFFICIAL: "规范字体（方正小标宋简体、仿宋_GB2312、楷体_GB2312）",
                 COMMON: "常用字体（宋体、仿宋、楷体、黑体）"}

# What each part of the document is set in.
ROLES = ("title", "body", "heading1", "heading2", "table", "page_number")


@dataclass(frozen=True)
class FontSet:
    """The font of each role; ``title_bold`` when the title font is not a heavy face itself."""

    setting: str
    title: str
    body: str
    heading1: str
    heading2: str
    table: str
    page_number: str
    title_bold: bool = False

    def font(self, role: str) -> str:
        """The font named for one role (see ROLES)."""
        return getattr(self, role)

    def names(self) -> list[str]:
        """Every font the document names, without repeats."""
        return list(dict.fromkeys(self.font(r) for r in ROLES))


FONT_SETS = {
    OFFICIAL: FontSet(OFFICIAL, title="方正小标宋简体", body="仿宋_GB2312", heading1="黑体",
                      heading2="楷体_GB2312", table="宋体", page_number="宋体"),
    # 宋体 set bold is what offices without 方正小标宋 use for the title.
    COMMON: FontSet(COMMON, title="宋体", body="仿宋", heading1="黑体", heading2="楷体",
                    table="宋体", page_number="宋体", title_bold=True),
}


def font_set(setting: str = OFFICIAL) -> FontSet:
    """The fonts of a setting; an unknown setting raises ValueError."""
    try:
        return FONT_SETS[setting]
    except KeyError:
        raise ValueError(f"字体设置应为 {' 或 '.join(FONT_SETS)}，不是“{setting}”") from None


# The names one font goes by: its Chinese and English family names and the usual file names
# (a font file's name is all that the Windows Fonts folder shows without parsing the font).
ALIASES: dict[str, tuple[str, ...]] = {
    "方正小标宋简体": ("方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "FZXiaoBiaoSong-B05",
                 "FZXBSJW", "FZXBSK", "方正小标宋"),
    "仿宋_GB2312": ("仿宋_GB2312", "FangSong_GB2312", "FS_GB2312", "仿宋GB2312"),
    "楷体_GB2312": ("楷体_GB2312", "KaiTi_GB2312", "KAI_GB2312", "楷体GB2312"),
    "仿宋": ("仿宋", "FangSong", "SIMFANG", "STFangsong", "华文仿宋"),
    "楷体": ("楷体", "KaiTi", "SIMKAI", "STKaiti", "华文楷体"),
    "黑体": ("黑体", "SimHei", "STHeiti", "华文黑体"),
    "宋体": ("宋体", "SimSun", "NSimSun", "STSong", "华文宋体"),
}

# When a named font is missing, what the PDF and the print preview use instead, best first:
# a font of the same kind (仿宋 for 仿宋_GB2312; a serif CJK face for 宋/仿宋/楷; a sans face for 黑体).
_SERIF = ("Noto Serif CJK SC", "Source Han Serif SC", "思源宋体", "Source Han Serif CN",
          "AR PL UMing CN", "AR PL SungtiL GB")
_SANS = ("Noto Sans CJK SC", "Source Han Sans SC", "思源黑体", "Source Han Sans CN",
         "WenQuanYi Zen Hei", "文泉驿正黑", "WenQuanYi Micro Hei", "文泉驿微米黑", "Microsoft YaHei", "微软雅黑")
FALLBACKS: dict[str, tuple[str, ...]] = {
    "方正小标宋简体": ("方正小标宋_GBK", "华文中宋", "STZhongsong", "宋体", "SimSun") + _SERIF,
    "仿宋_GB2312": ("仿宋", "FangSong", "STFangsong") + _SERIF,
    "楷体_GB2312": ("楷体", "KaiTi", "STKaiti", "AR PL UKai CN") + _SERIF,
    "仿宋": ("仿宋_GB2312", "FangSong_GB2312", "STFangsong") + _SERIF,
    "楷体": ("楷体_GB2312", "KaiTi_GB2312", "STKaiti", "AR PL UKai CN") + _SERIF,
    "黑体": ("SimHei", "STHeiti") + _SANS,
    "宋体": ("SimSun", "NSimSun", "STSong") + _SERIF,
}


def _key(name: str) -> str:
    return re.sub(r"[\s_\-]", "", name).casefold()


def has_font(name: str, installed: set[str]) -> bool:
    """Whether a font (under any of its names) is among ``installed`` (names as listed)."""
    keys = {_key(n) for n in installed}
    return any(_key(alias) in keys for alias in ALIASES.get(name, (name,)))


def missing_fonts(names: list[str] | None = None, *, installed: set[str] | None = None) -> list[str]:
    """The fonts among ``names`` (default: every font of both settings) this computer lacks.

    ``installed`` is the set of family and file names found on the computer (see
    :func:`installed_fonts`); None when they cannot be listed, and then nothing is reported
    missing rather than everything.
    """
    if names is None:
        names = list(dict.fromkeys(n for s in FONT_SETS.values() for n in s.names()))
    if installed is None:
        installed = installed_fonts()
        if installed is None:
            return []
    return [n for n in names if not has_font(n, installed)]


def substitute(name: str, installed: set[str] | None = None) -> str | None:
    """The installed font that stands in for a missing ``name`` (None: keep the name)."""
    if installed is None:
        installed = installed_fonts()
        if installed is None:
            return None
    if has_font(name, installed):
        return None
    keys: dict[str, str] = {}
    for n in sorted(installed, key=lambda n: (n.islower(), n)):  # SimSun (a family) before simsun (a file)
        keys.setdefault(_key(n), n)
    for candidate in FALLBACKS.get(name, ()):
        # The first of its names that is installed: a family name before a file name.
        for alias in ALIASES.get(candidate, (candidate,)):
            if _key(alias) in keys:
                return keys[_key(alias)]
    return None


@cache
def installed_fonts() -> set[str] | None:
    """The family names (and on Windows the file names) of the fonts on this computer.

    Linux and other Unix: fontconfig's ``fc-list``; Windows: the Fonts folders and the fonts
    registered in the registry (machine and user). None when neither can be read.
    """
    if sys.platform == "win32":
        return _windows_fonts()
    return _fontconfig_fonts()


def _fontconfig_fonts() -> set[str] | None:
    fc_list = shutil.which("fc-list")
    if not fc_list:
        return None
    try:
        out = subprocess.run([fc_list, ":", "family"], capture_output=True, timeout=20, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    names = set()
    # One line per face: "仿宋_GB2312,FangSong_GB2312" — every localised name of the family.
    for line in out.decode("utf-8", errors="replace").splitlines():
        for name in line.split(","):
            name = name.replace("\\-", "-").strip()
            if name:
                names.add(name)
    return names


def _windows_fonts() -> set[str] | None:
    names: set[str] = set()
    folders = [Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"]
    if os.environ.get("LOCALAPPDATA"):
        folders.append(Path(os.environ["LOCALAPPDATA"]) / "Microsoft" / "Windows" / "Fonts")
    for folder in folders:
        try:
            names.update(p.stem for p in folder.iterdir())
        except OSError:
            pass
    try:
        import winreg
    except ImportError:
        return names or None
    key_path = r"SOFTWARE\Microsoft\Windows NT\CurrentVersion\Fonts"
    for hive in (winreg.HKEY_LOCAL_MACHINE, winreg.HKEY_CURRENT_USER):
        try:
            with winreg.OpenKey(hive, key_path) as key:
                i = 0
                while True:
                    try:
                        value_name, data, _ = winreg.EnumValue(key, i)
                    except OSError:
                        break
                    i += 1
                    names.update(registry_font_names(value_name))
                    if isinstance(data, str):
                        names.add(Path(data).stem)
        except OSError:
            pass
    return names or None


def registry_font_names(value_name: str) -> list[str]:
    """The family names in a Windows registry font entry: "SimSun & NSimSun (TrueType)"."""
    value_name = re.sub(r"\s*\((TrueType|OpenType|All res)\)\s*$", "", value_name)
    return [n.strip() for n in value_name.split("&") if n.strip()]


def with_stand_ins(fonts: FontSet, installed: set[str] | None = None) -> FontSet:
    """The fonts to draw with on this computer: each missing font replaced by its stand-in.

    For a PDF or a print made here, not for the .docx (which always names the chosen fonts).
    A title font standing in for 方正小标宋简体 is set bold, as that face is heavy.
    """
    changes: dict[str, object] = {}
    for role in ROLES:
        stand_in = substitute(fonts.font(role), installed)
        if stand_in:
            changes[role] = stand_in
            if role == "title":
                changes["title_bold"] = True
    return replace(fonts, **changes) if changes else fonts


def font_warning(setting: str = OFFICIAL, installed: set[str] | None = None) -> str:
    """What to tell the clerk on export when this computer lacks fonts of the setting; "" if none."""
    fonts = font_set(setting)
    missing = missing_fonts(fonts.names(), installed=installed)
    if not missing:
        return ""
    text = (f"这台电脑没有安装{'、'.join(missing)}。导出的 Word 文档仍然使用这些字体，在装有这些字体的电脑上"
            "打开和打印时版式正确；在本机预览、打印和生成 PDF 时用相近的字体代替。")
    if setting == OFFICIAL and any(n in ("方正小标宋简体", "仿宋_GB2312", "楷体_GB2312") for n in missing):
        text += "如果本单位的电脑都没有这些字体，可以改用“常用字体”（宋体、仿宋、楷体、黑体）。"
    return text
