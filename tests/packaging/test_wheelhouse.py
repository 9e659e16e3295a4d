"""packaging/wheelhouse.sh: a folder of wheels from which reportdesk installs with no index."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "packaging" / "wheelhouse.sh"


def run_script(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(SCRIPT), *args], cwd=ROOT, capture_output=True, text=True, timeout=900,
                          env=dict(os.environ, PYTHON=sys.executable))


def test_refuses_a_platform_without_a_python_version(tmp_path):
    r = run_script("-o", str(tmp_path / "wh"), "--platform", "win_amd64")
    assert r.returncode == 2
    assert "--python" in r.stderr
    assert not (tmp_path / "wh").exists()


def test_refuses_an_unknown_option():
    r = run_script("--frobnicate")
    assert r.returncode == 2 and "无法识别的参数" in r.stderr


@pytest.mark.slow
def test_offline_install_from_the_wheelhouse_runs_the_program(tmp_path, example_path):
    house = tmp_path / "wheelhouse"
    r = run_script("-o", str(house))
    assert r.returncode == 0, r.stdout + r.stderr
    names = {p.name.lower() for p in house.glob("*.whl")}
    assert any(n.startswith("reportdesk-") for n in names)
    for dep in ("pyside6_essentials-", "python_docx-", "sqlite_utils-", "platformdirs-", "lxml-"):
        assert any(n.startswith(dep) for n in names), dep
    assert "--no-index --find-links wheelhouse reportdesk" in (house / "INSTALL.txt").read_text(encoding="utf-8")

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    bindir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    clean = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON") and not k.startswith("PIP_")}
    install = subprocess.run([str(bindir / "python"), "-m", "pip", "install", "--quiet", "--no-index",
                              "--find-links", str(house), "reportdesk"], capture_output=True, text=True,
                             env=clean, cwd=tmp_path, timeout=900)
    assert install.returncode == 0, install.stderr
    check = subprocess.run([str(bindir / "reportdesk"), "check", str(example_path)], capture_output=True,
                           text=True, env=clean, cwd=tmp_path, timeout=300)
    assert check.returncode == 0, check.stderr
    assert "武陟县小董乡人民政府 2024年 — 没有发现问题" in check.stdout
