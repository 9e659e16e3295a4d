"""packaging/install.sh: reportdesk in a virtual environment with the system's own Python.

The slow test installs with Debian's /usr/bin/python3 (externally managed, PEP 668) into a
home folder whose user name is Chinese, runs the installed command, and uninstalls.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from .conftest import ROOT

SCRIPT = ROOT / "packaging" / "install.sh"
EXAMPLE = ROOT / "tests" / "fixtures" / "xiaodong-2024.txt"
SYSTEM_PYTHON = Path("/usr/bin/python3")


def run_install(home: Path, *args: str, python: str | None = None, timeout: float = 60,
                **env: str) -> subprocess.CompletedProcess:
    """install.sh with a fresh environment: this home, no display, the launcher under home."""
    environment = {
        "PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8",
        "REPORTDESK_BIN_DIR": str(home / ".local" / "bin"),
        "REPORTDESK_APPS_DIR": str(home / ".local" / "share" / "applications"),
        **env,
    }
    for name in ("PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "PIP_CACHE_DIR"):  # the same registry and cache
        if name in os.environ:
            environment[name] = os.environ[name]
    environment.setdefault("XDG_CACHE_HOME", str(Path.home() / ".cache"))  # pip's cache: no second download
    if python:
        environment["PYTHON"] = python
    return subprocess.run(["bash", str(SCRIPT), *args], capture_output=True, text=True, env=environment,
                          timeout=timeout, stdin=subprocess.DEVNULL)


def test_an_unknown_option_is_refused_in_chinese(tmp_path):
    done = run_install(tmp_path, "--bogus")
    assert done.returncode == 2
    assert "无法识别的参数 --bogus" in done.stderr


def test_a_python_without_venv_points_to_install_deps(tmp_path):
    # Debian's python3 without python3-venv: `import ensurepip` fails
    shadow = tmp_path / "shadow"
    shadow.mkdir()
    (shadow / "ensurepip.py").write_text("raise ImportError('ensurepip is not available')\n")
    fake = tmp_path / "python3"
    fake.write_text(f'#!/bin/sh\nPYTHONPATH="{shadow}" exec "{sys.executable}" "$@"\n')
    fake.chmod(0o755)
    done = run_install(tmp_path, "--no-start", python=str(fake))
    assert done.returncode == 2
    assert "缺少创建虚拟环境的模块" in done.stderr and "install-deps.sh" in done.stderr
    assert not (tmp_path / ".local").exists()


def test_a_python_older_than_3_11_points_to_the_deb(tmp_path):
    # 统信UOS 20 has Python 3.7: a stand-in that answers like one
    fake = tmp_path / "python3"
    fake.write_text("#!/bin/sh\n"
                    'case "$2" in *version_info*) exit 1 ;; *python_version*) echo 3.7.3 ;; esac\n')
    fake.chmod(0o755)
    done = run_install(tmp_path, python=str(fake))
    assert done.returncode == 2
    assert "需要 Python 3.11 或更新版本" in done.stderr and "3.7.3" in done.stderr and ".deb" in done.stderr


def _usable_system_python() -> str | None:
    if not SYSTEM_PYTHON.exists():
        return "no /usr/bin/python3"
    check = subprocess.run([str(SYSTEM_PYTHON), "-c",
                            "import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))"],
                           capture_output=True)
    return None if check.returncode == 0 else "/usr/bin/python3 is older than 3.11 or has no venv module"


@pytest.mark.slow
@pytest.mark.skipif(_usable_system_python() is not None, reason=str(_usable_system_python()))
def test_install_with_the_system_python_run_and_uninstall(tmp_path):
    externally_managed = subprocess.run(
        [str(SYSTEM_PYTHON), "-c", "import sysconfig; print(sysconfig.get_path('stdlib'))"],
        capture_output=True, text=True).stdout.strip()
    home = tmp_path / "张三"  # a clerk's user name
    home.mkdir()
    done = run_install(home, python=str(SYSTEM_PYTHON), timeout=900)
    # no display here: the program it starts says so and exits 2
    assert done.returncode == 2, done.stderr
    assert "没有可用的图形显示" in done.stderr and "Traceback" not in done.stderr
    assert f"创建虚拟环境（{SYSTEM_PYTHON}）" in done.stderr
    venv = home / ".local" / "share" / "reportdesk" / "venv"
    launcher = home / ".local" / "bin" / "reportdesk"
    assert (venv / "bin" / "python").resolve() == SYSTEM_PYTHON.resolve()
    assert launcher.is_file() and os.access(launcher, os.X_OK)
    entry = (home / ".local" / "share" / "applications" / "reportdesk.desktop").read_text(encoding="utf-8")
    assert f"Exec={launcher}\n" in entry and "Name[zh_CN]=政府信息公开年报填报" in entry
    icon = entry.split("Icon=", 1)[1].splitlines()[0]
    assert Path(icon).is_file() and icon.endswith("reportdesk.svg")
    # Debian's ~/.profile would add ~/.local/bin at login; a home without one gets the line
    assert ".local/bin" in (home / ".profile").read_text()

    env = {"PATH": f"{launcher.parent}:/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8"}
    checked = subprocess.run(["reportdesk", "check", str(EXAMPLE)], capture_output=True, text=True, env=env,
                             timeout=120)
    assert checked.returncode == 0, checked.stderr
    assert "武陟县小董乡人民政府 2024年 — 没有发现问题" in checked.stdout
    # a draft in the user's data folder, beside the program
    made = subprocess.run(["reportdesk", "drafts", "import", str(EXAMPLE)], capture_output=True, text=True,
                          env=env, timeout=120)
    assert made.returncode == 0, made.stderr
    drafts = home / ".local" / "share" / "reportdesk" / "drafts.db"
    assert drafts.is_file()

    # a second run updates in place (the same virtual environment)
    again = run_install(home, "--no-start", python=str(SYSTEM_PYTHON), timeout=900)
    assert again.returncode == 0, again.stderr
    assert "更新" in again.stderr

    gone = run_install(home, "--uninstall")
    assert gone.returncode == 0
    assert not venv.exists() and not launcher.exists()
    assert not (home / ".local" / "share" / "applications" / "reportdesk.desktop").exists()
    assert drafts.is_file() and "草稿仍保存在" in gone.stderr
    assert Path(externally_managed, "EXTERNALLY-MANAGED").exists() or shutil.which("dpkg") is None
