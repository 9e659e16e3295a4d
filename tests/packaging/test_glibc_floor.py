"""packaging/linux/glibc_floor.py: the newest glibc a bundle needs, by ``objdump -T``.

The scanner is tested on small ELF files of known needs (tests/fixtures/elf, made by its
make.sh); the release bundle built in the Debian 11 build root (packaging/linux/buildroot.sh,
output dist/bullseye/reportdesk) is scanned when it is there.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, _load_script

ELF = ROOT / "tests" / "fixtures" / "elf"
SCRIPT = ROOT / "packaging" / "linux" / "glibc_floor.py"
RELEASE_BUNDLE = Path(os.environ.get("REPORTDESK_RELEASE_BUNDLE", ROOT / "dist" / "bullseye" / "reportdesk"))
FLOOR = "2.28"

pytestmark = pytest.mark.skipif(shutil.which("objdump") is None, reason="objdump (binutils) is not installed")


@pytest.fixture(scope="module")
def floor():
    return _load_script("linux/glibc_floor.py")


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=120)


def test_each_known_file_needs_what_it_was_built_for(floor):
    needs = {n.path.name: n for n in floor.scan(ELF)}
    # symbolic links and files that are not ELF are not scanned
    assert sorted(needs) == ["libcxx.so", "libfcntl228.so", "libold.so", "prog234"]
    assert needs["libold.so"].newest == "2.2.5"
    assert needs["libold.so"].symbols == {"__cxa_finalize": "2.2.5", "memcpy": "2.2.5", "puts": "2.2.5"}
    assert needs["libfcntl228.so"].newest == "2.28"
    assert needs["libfcntl228.so"].symbols["fcntl64"] == "2.28"
    assert needs["prog234"].newest == "2.34"
    assert needs["prog234"].above("2.28") == {"__libc_start_main": "2.34", "stat": "2.33"}
    # libstdc++'s own versions (GLIBCXX_3.4.21, CXXABI_1.3.9) are not glibc's
    assert needs["libcxx.so"].symbols == {"memcpy": "2.14", "__cxa_finalize": "2.2.5", "strlen": "2.2.5"}
    assert floor.newest(list(needs.values())) == "2.34"


def test_versions_compare_as_numbers_not_as_text(floor):
    assert floor.version_key("2.2.5") < floor.version_key("2.14") < floor.version_key("2.28")
    out = "0000000000000000      DF *UND*\t0000000000000000 (GLIBC_2.9) a\n" \
          "0000000000000000      DF *UND*\t0000000000000000  GLIBC_2.10  b\n" \
          "0000000000001000 g    DF .text\t0000000000000010  GLIBC_2.99  defined_here\n"
    assert floor.parse_dynamic_symbols(out) == {"a": "2.9", "b": "2.10"}


def test_the_command_passes_at_the_floor_and_names_what_is_above_it(tmp_path):
    for name in ("libold.so", "libfcntl228.so"):
        shutil.copy2(ELF / name, tmp_path / name)
    done = run(str(tmp_path), "--floor", "2.28")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 个 ELF 文件，所需 glibc 最高为 2.28" in done.stdout

    sub = tmp_path / "_internal" / "lib"
    sub.mkdir(parents=True)
    shutil.copy2(ELF / "prog234", sub / "prog234")
    done = run(str(tmp_path), "--floor", "2.28")
    assert done.returncode == 1
    assert "所需 glibc 最高为 2.34" in done.stdout
    assert "超过 2.28：_internal/lib/prog234（2.34）：__libc_start_main@GLIBC_2.34、stat@GLIBC_2.33" in done.stdout
    assert "libfcntl228" not in done.stdout.split("\n", 1)[1]  # only what is above the floor is listed
    assert run(str(tmp_path), "--floor", "2.34").returncode == 0


def test_a_missing_folder_is_a_chinese_message(tmp_path):
    done = run(str(tmp_path / "没有"))
    assert done.returncode == 2
    assert "没有找到文件夹" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.slow
@pytest.mark.skipif(not (RELEASE_BUNDLE / "reportdesk").is_file(),
                    reason=f"no release bundle at {RELEASE_BUNDLE}: sudo bash packaging/linux/buildroot.sh builds it")
def test_release_bundle_needs_no_newer_glibc_than_the_floor(floor):
    needs = floor.scan(RELEASE_BUNDLE)
    assert len(needs) > 50  # Python, Qt, plugins, extension modules
    text, ok = floor.report(RELEASE_BUNDLE, needs, FLOOR)
    assert ok, text
