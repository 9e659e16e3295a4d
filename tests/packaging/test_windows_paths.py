"""A Windows user whose name is Chinese: %LOCALAPPDATA% = C:\\Users\\张三\\AppData\\Local.

Run on Linux with such folders: platformdirs resolves the Windows folders from the
environment when it has no Windows API, so the program's own path choices (drafts, cache)
are exercised as on Windows, and drafts, exports and checks go through Chinese folder and
file names with spaces and brackets.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import platformdirs
import platformdirs.windows
import pytest
from platformdirs.windows import Windows

from reportdesk import cli, parsed_cache
from reportdesk.store import location

from .conftest import ROOT

EXAMPLE = ROOT / "tests" / "fixtures" / "xiaodong-2024.txt"


@pytest.fixture
def windows_user(tmp_path, monkeypatch) -> Path:
    """%LOCALAPPDATA% of the user 张三, and platformdirs answering as on Windows."""
    local = tmp_path / "Users" / "张三" / "AppData" / "Local"
    local.mkdir(parents=True)
    monkeypatch.setenv("LOCALAPPDATA", str(local))
    monkeypatch.delenv("REPORTDESK_DB", raising=False)
    monkeypatch.delenv("REPORTDESK_CACHE", raising=False)
    # Without the Windows API, the folder comes from %LOCALAPPDATA% (platformdirs' own fallback)
    monkeypatch.setattr(platformdirs.windows, "get_win_folder", platformdirs.windows.get_win_folder_from_env_vars)

    def windows(kind):
        return lambda appname=None, appauthor=None, *a, **kw: getattr(Windows(appname, appauthor, *a, **kw), kind)

    for kind in ("user_data_dir", "user_cache_dir", "user_log_dir"):
        monkeypatch.setattr(platformdirs, kind, windows(kind))
    monkeypatch.setattr(parsed_cache, "user_cache_dir", windows("user_cache_dir"))
    return local


def test_data_and_cache_folders_are_under_localappdata(windows_user):
    assert location.default_db_path() == windows_user / "reportdesk" / "drafts.db"
    assert parsed_cache.cache_dir() == windows_user / "reportdesk" / "Cache"
    assert "张三" in str(location.default_db_path())


def test_drafts_exports_and_checks_through_chinese_paths(windows_user, tmp_path, capsys):
    documents = tmp_path / "Users" / "张三" / "Documents" / "2024年 报告（乡政府）"
    documents.mkdir(parents=True)
    source = documents / "小董乡 2024年报.txt"
    shutil.copy2(EXAMPLE, source)

    assert cli.main(["drafts", "import", str(source)]) == 0
    draft_id = capsys.readouterr().out.strip().splitlines()[-1]
    assert (windows_user / "reportdesk" / "drafts.db").is_file()
    for suffix in (".docx", ".pdf", ".json"):
        target = documents / f"导出 (最终){suffix}"
        assert cli.main(["drafts", "export", draft_id, "-o", str(target)]) == 0, capsys.readouterr().err
        assert target.stat().st_size > 0
    assert (documents / "导出 (最终).pdf").read_bytes().startswith(b"%PDF")
    capsys.readouterr()
    assert cli.main(["check", "--json", str(documents / "导出 (最终).docx")]) == 0
    (result,) = json.loads(capsys.readouterr().out)
    assert result["agency"] == "武陟县小董乡人民政府" and "张三" in result["file"] and result["findings"] == []
    # the cached form file went to %LOCALAPPDATA%\reportdesk\Cache
    assert any((windows_user / "reportdesk" / "Cache").iterdir())
