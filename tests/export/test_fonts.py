"""Font settings, which fonts this computer lacks, and the stand-ins used when drawing."""

from __future__ import annotations

import shutil

import pytest

from reportdesk.export import fonts
from reportdesk.export.fonts import (COMMON, FONT_SETS, OFFICIAL, font_set, font_warning, has_font, missing_fonts,
                                     registry_font_names, substitute, with_stand_ins)

# A Windows office with the fonts Windows ships, and the _GB2312 ones installed from files.
WINDOWS_OFFICE = {"SimSun", "NSimSun", "SimHei", "FangSong", "KaiTi", "Microsoft YaHei", "simsun", "simhei",
                  "SIMFANG", "simkai", "FS_GB2312", "KAI_GB2312"}
# A Linux desktop with only the Noto CJK fonts (this project's CI).
NOTO_ONLY = {"Noto Sans CJK SC", "Noto Serif CJK SC", "DejaVu Sans"}


def test_settings_name_the_official_and_the_common_fonts():
    official, common = font_set(OFFICIAL), font_set(COMMON)
    assert official.names() == ["方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312", "宋体"]
    assert (common.body, common.heading1, common.heading2, common.table) == ("仿宋", "黑体", "楷体", "宋体")
    assert common.title_bold and not official.title_bold
    with pytest.raises(ValueError):
        font_set("fancy")


def test_fonts_found_under_any_of_their_names():
    assert has_font("仿宋_GB2312", {"FangSong_GB2312"})
    assert has_font("仿宋_GB2312", {"FS_GB2312"})  # the file name in C:\Windows\Fonts
    assert has_font("宋体", {"simsun"}) and has_font("黑体", {"SimHei"})
    assert not has_font("仿宋_GB2312", {"FangSong"})  # 仿宋 is another font


def test_missing_fonts_of_a_windows_office_and_of_a_bare_linux():
    assert missing_fonts(font_set(OFFICIAL).names(), installed=WINDOWS_OFFICE) == ["方正小标宋简体"]
    assert missing_fonts(font_set(COMMON).names(), installed=WINDOWS_OFFICE) == []
    assert missing_fonts(font_set(COMMON).names(), installed=NOTO_ONLY) == ["宋体", "仿宋", "黑体", "楷体"]


def test_fonts_that_cannot_be_listed_are_not_reported_missing(monkeypatch):
    monkeypatch.setattr(fonts, "installed_fonts", lambda: None)
    assert missing_fonts(["仿宋_GB2312"]) == []
    assert font_warning(OFFICIAL) == ""


def test_warning_names_the_missing_fonts_and_the_common_setting():
    text = font_warning(OFFICIAL, installed=WINDOWS_OFFICE)
    assert "方正小标宋简体" in text and "仿宋_GB2312" not in text and "常用字体" in text
    assert font_warning(COMMON, installed=WINDOWS_OFFICE) == ""
    assert "常用字体" not in font_warning(COMMON, installed=NOTO_ONLY)


def test_stand_ins_are_installed_fonts_of_the_same_kind():
    plain_windows = WINDOWS_OFFICE - {"FS_GB2312", "KAI_GB2312"}
    assert substitute("仿宋_GB2312", plain_windows) == "FangSong"
    assert substitute("楷体_GB2312", plain_windows) == "KaiTi"
    assert substitute("方正小标宋简体", plain_windows) == "SimSun"
    assert substitute("宋体", plain_windows) is None  # installed: no stand-in
    drawn = with_stand_ins(FONT_SETS[OFFICIAL], NOTO_ONLY)
    assert drawn.body == drawn.heading2 == drawn.table == "Noto Serif CJK SC"
    assert drawn.heading1 == "Noto Sans CJK SC"
    assert drawn.title == "Noto Serif CJK SC" and drawn.title_bold


def test_windows_registry_entries():
    assert registry_font_names("SimSun & NSimSun (TrueType)") == ["SimSun", "NSimSun"]
    assert registry_font_names("仿宋_GB2312 (TrueType)") == ["仿宋_GB2312"]


@pytest.mark.skipif(shutil.which("fc-list") is None, reason="no fontconfig")
def test_fontconfig_lists_this_computers_fonts():
    fonts.installed_fonts.cache_clear()
    installed = fonts.installed_fonts()
    assert installed and any("CJK" in name or "DejaVu" in name for name in installed)


def _windows_font_folders(tmp_path, monkeypatch, system: list[str], user: list[str]) -> None:
    """C:\\Windows\\Fonts and a per-user font folder under a Chinese user name, as file names."""
    windir = tmp_path / "Windows"
    (windir / "Fonts").mkdir(parents=True)
    for name in system:
        (windir / "Fonts" / name).write_bytes(b"\0\1\0\0")
    local = tmp_path / "Users" / "张三" / "AppData" / "Local"
    (local / "Microsoft" / "Windows" / "Fonts").mkdir(parents=True)
    for name in user:
        (local / "Microsoft" / "Windows" / "Fonts" / name).write_bytes(b"\0\1\0\0")
    monkeypatch.setenv("WINDIR", str(windir))
    monkeypatch.setenv("LOCALAPPDATA", str(local))


def test_windows_fonts_found_by_their_file_names(tmp_path, monkeypatch):
    # On Windows the registry names the families too; here (no winreg) only the folders count,
    # which is what a font copied into the Fonts folder without registering shows.
    _windows_font_folders(tmp_path, monkeypatch, ["simfang.ttf", "simhei.ttf", "simkai.ttf", "simsun.ttc",
                                                  "FZXBSJW.TTF", "msyh.ttc"], ["仿宋_GB2312.ttf", "楷体_GB2312.ttf"])
    installed = fonts._windows_fonts()
    assert {"simfang", "simhei", "simkai", "simsun", "FZXBSJW", "仿宋_GB2312", "楷体_GB2312"} <= installed
    assert missing_fonts(font_set(OFFICIAL).names(), installed=installed) == []
    assert missing_fonts(font_set(COMMON).names(), installed=installed) == []
    assert font_warning(OFFICIAL, installed=installed) == ""


def test_windows_without_the_official_fonts(tmp_path, monkeypatch):
    _windows_font_folders(tmp_path, monkeypatch, ["SIMFANG.TTF", "SIMHEI.TTF", "SIMKAI.TTF", "SIMSUN.TTC"], [])
    installed = fonts._windows_fonts()
    assert missing_fonts(font_set(OFFICIAL).names(), installed=installed) == ["方正小标宋简体", "仿宋_GB2312", "楷体_GB2312"]
    assert missing_fonts(font_set(COMMON).names(), installed=installed) == []
    assert "常用字体" in font_warning(OFFICIAL, installed=installed)
