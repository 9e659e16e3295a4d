"""The Linux workflows (.github/workflows/linux.yml, linux-arm64.yml), checked statically.

Neither runs here (no ARM64 machine; the x86-64 one builds in a Debian 11 build root, which
docs/packaging.md describes being run by hand): the tests hold that every step calls a
script the repository has, with arguments the script accepts, on the runner it needs, and
uploads what the scripts write.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from .conftest import ROOT, _load_script

WORKFLOWS = ROOT / ".github" / "workflows"
yaml = pytest.importorskip("yaml")


def job(name: str) -> dict:
    flow = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    (only,) = flow["jobs"].values()
    return only


def runs(job_: dict) -> list[str]:
    return [s["run"] for s in job_["steps"] if "run" in s]


def uploads(job_: dict) -> dict[str, str]:
    return {s["with"]["name"]: s["with"]["path"] for s in job_["steps"]
            if s.get("uses", "").startswith("actions/upload-artifact")}


@pytest.mark.parametrize("name", ["linux.yml", "linux-arm64.yml"])
def test_every_script_a_step_runs_exists_and_parses(name):
    for command in runs(job(name)):
        for script in re.findall(r"(packaging/[\w/.-]+\.(?:sh|py))", command):
            path = ROOT / script
            assert path.is_file(), script
            if path.suffix == ".sh":
                assert subprocess.run(["bash", "-n", str(path)], capture_output=True).returncode == 0, script
            else:
                compile(path.read_text(encoding="utf-8"), str(path), "exec")


def test_arm64_builds_natively_and_checks_its_glibc_floor():
    arm = job("linux-arm64.yml")
    assert "arm" in arm["runs-on"]
    commands = runs(arm)
    assert "bash packaging/install-deps.sh --test" in commands
    assert any('pip install ".[package]"' in c for c in commands)
    assert any(c.endswith("bash packaging/build.sh") for c in commands)  # bundle and .deb
    (scan,) = [c for c in commands if "glibc_floor.py" in c]
    folder, floor = re.search(r"glibc_floor\.py (\S+) --floor (\S+)", scan).groups()
    assert folder == "dist/reportdesk"
    # the floor is the one docs/packaging.md gives for ARM64, and the scanner accepts its arguments
    assert f"ARM64 | {floor}" in (ROOT / "docs" / "packaging.md").read_text(encoding="utf-8")
    assert _load_script("linux/glibc_floor.py").version_key(floor) >= (2, 28)
    # build_deb.py names the package after dpkg's architecture: …_arm64.deb
    assert uploads(arm) == {"reportdesk-linux-arm64": "dist/reportdesk_*_arm64.deb"}


def test_amd64_builds_in_the_debian_11_build_root():
    amd = job("linux.yml")
    assert amd["runs-on"].startswith("ubuntu")
    assert runs(amd) == ["sudo bash packaging/linux/buildroot.sh"]
    script = (ROOT / "packaging" / "linux" / "buildroot.sh").read_text(encoding="utf-8")
    assert 'DIST_DIR="${DIST_DIR:-$CHECKOUT/dist/bullseye}"' in script
    assert "glibc_floor.py" in script and 'GLIBC_FLOOR="${GLIBC_FLOOR:-2.28}"' in script
    assert uploads(amd) == {"reportdesk-linux-amd64": "dist/bullseye/reportdesk_*_amd64.deb"}
    assert amd["timeout-minutes"] >= 60  # CPython is compiled in the build root


def test_buildroot_refuses_to_run_without_root_in_chinese(tmp_path):
    if Path("/proc/self").exists() and __import__("os").geteuid() == 0:
        done = subprocess.run(["bash", str(ROOT / "packaging" / "linux" / "buildroot.sh"), "--bogus"],
                              capture_output=True, text=True, timeout=30)
        assert done.returncode == 2 and "无法识别的参数 --bogus" in done.stderr
    else:
        done = subprocess.run(["bash", str(ROOT / "packaging" / "linux" / "buildroot.sh")],
                              capture_output=True, text=True, timeout=30)
        assert done.returncode == 2 and "需要 root 权限" in done.stderr
