"""Quick check that a frozen reportdesk works, on the machine that built it (Linux or Windows).

    python packaging/smoke_frozen.py dist/reportdesk [--example REPORT.txt]

Runs the bundled command line the way an IT person would: --version, `check` on a small
report it writes (every cell blank: rule 5 must flag it, exit 1), on a missing file (exit 2,
a Chinese message, no traceback), on --example if given (exit 0, also after converting it to
.docx and reading that back), and `screenshots`
offscreen when the bundle has that command. Prints one line per check; exit 1 if any failed.
Only the standard library is used, so any Python can run it.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path


def program(bundle: Path) -> Path:
    """The executable to run: on Windows the console twin, elsewhere the program itself."""
    return bundle / ("reportdesk-cli.exe" if os.name == "nt" else "reportdesk")


def run(exe: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    return subprocess.run([str(exe), *args], capture_output=True, cwd=cwd, env=env, timeout=300,
                          encoding="utf-8", errors="replace")


def checks(bundle: Path, example: Path | None, work: Path):
    """Yield (name, passed, detail) for each check."""
    exe = program(bundle)
    r = run(exe, "--version", cwd=work)
    yield "--version", r.returncode == 0 and r.stdout.startswith("reportdesk "), r.stdout.strip() or r.stderr

    blank = work / "blank.json"
    blank.write_text(json.dumps({"format": "gov-info-2021", "agency": "测试机关", "year": 2024,
                                 "cells": {}, "texts": {}}, ensure_ascii=False), encoding="utf-8")
    r = run(exe, "check", str(blank), cwd=work)
    yield ("check blank report → 1", r.returncode == 1 and "测试机关 2024年" in r.stdout and "规则5" in r.stdout,
           f"exit {r.returncode}: {r.stdout[:200]}{r.stderr[:200]}")

    r = run(exe, "check", str(work / "无此文件.txt"), cwd=work)
    yield ("check missing file → 2", r.returncode == 2 and "无法读取" in r.stderr and "Traceback" not in r.stderr,
           f"exit {r.returncode}: {r.stderr[:200]}")

    if example:
        r = run(exe, "check", str(example), cwd=work)
        yield "check example → 0", r.returncode == 0 and "没有发现问题" in r.stdout, f"exit {r.returncode}: {r.stdout[:200]}"
        # the Word export (python-docx and its templates) and reading the document back
        docx = work / "example.docx"
        r = run(exe, "convert", str(example), "-o", str(docx), cwd=work)
        back = run(exe, "check", str(docx), cwd=work) if docx.is_file() else r
        yield ("convert example → .docx → check → 0", r.returncode == 0 and back.returncode == 0
               and "没有发现问题" in back.stdout, f"exit {r.returncode}/{back.returncode}: {back.stdout[:200]}{r.stderr[:200]}")

    help_text = run(exe, "--help", cwd=work).stdout
    if "screenshots" in help_text:
        out = work / "shots"
        args = ["screenshots", str(out)] + (["--report", str(example)] if example else [])
        r = run(exe, *args, cwd=work)
        pngs = sorted(out.glob("*.png")) if out.is_dir() else []
        yield "screenshots offscreen", r.returncode == 0 and bool(pngs), f"exit {r.returncode}, {len(pngs)} PNG {r.stderr[:200]}"
    else:
        yield "screenshots offscreen", True, "skipped: this build has no screenshots command yet"


def main(argv: list[str] | None = None) -> int:
    """Run every check; 0 when all passed."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("bundle", type=Path, help="the one-folder bundle (dist/reportdesk)")
    p.add_argument("--example", type=Path, help="a published report that has no errors")
    args = p.parse_args(argv)
    if not program(args.bundle).is_file():
        print(f"smoke_frozen: {program(args.bundle)} does not exist", file=sys.stderr)
        return 2
    failed = 0
    with tempfile.TemporaryDirectory(prefix="reportdesk-smoke-") as tmp:
        for name, passed, detail in checks(args.bundle.resolve(), args.example, Path(tmp)):
            failed += not passed
            first = (detail.strip().splitlines() or [""])[0]
            print(f"{'ok  ' if passed else 'FAIL'} {name}: {first}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
