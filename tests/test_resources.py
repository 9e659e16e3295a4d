"""Resources are found from a source checkout and from a non-editable install of the wheel."""

import os
import subprocess
import sys
import zipfile

import pytest

from reportdesk.resources import resource_path
from conftest_helpers import ROOT


def test_the_form_file_is_found_in_the_checkout():
    assert resource_path("forms", "gov-info-2021.toml").is_file()


@pytest.mark.slow
def test_a_non_editable_install_of_the_wheel_works(tmp_path, example_path):
    wheels = tmp_path / "wheels"
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                            "-w", str(wheels), str(ROOT)], capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stderr
    [wheel] = wheels.glob("reportdesk-*.whl")
    with zipfile.ZipFile(wheel) as z:
        assert "reportdesk/resources/forms/gov-info-2021.toml" in z.namelist()
    target = tmp_path / "site"
    install = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target),
                              str(wheel)], capture_output=True, text=True, timeout=300)
    assert install.returncode == 0, install.stderr
    env = {**os.environ, "PYTHONPATH": str(target)}
    # run from an empty folder so nothing of the checkout is importable
    r = subprocess.run([sys.executable, "-c", "import reportdesk, sys; from reportdesk.cli import main; "
                        "print(reportdesk.__file__, file=sys.stderr); sys.exit(main(sys.argv[1:]))",
                        "check", str(example_path)],
                       capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert str(target) in r.stderr
    assert r.returncode == 0, r.stderr
    assert "没有发现问题" in r.stdout
