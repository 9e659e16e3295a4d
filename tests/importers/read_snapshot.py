"""Every read the importers make, written down, so that a change meant only to make reading
faster can be shown to change nothing: values, invalid values, texts, agency, year, every
import-log entry, the findings of the checks, and the message of every file refused.

    python3 tests/importers/read_snapshot.py OUT.jsonl            # before the change
    python3 tests/importers/read_snapshot.py OUT2.jsonl           # after it
    python3 tests/importers/read_snapshot.py --compare OUT.jsonl OUT2.jsonl

Two sources of reads, each written as one JSON line per read:
- every file under tests/fixtures read with ``read_report`` (and checked, as ``check`` does);
- every call of a reader (``READERS``: .docx, web page, text, PDF …) made while the importer
  tests run (``pytest tests/importers``, in file order, not shuffled), keyed by the test and
  the file name and the number of its read in the test: the hand-made .docx, web pages and texts of the variant and
  hostile-file tests are covered too.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"


def describe(report, log) -> dict:
    """All of a read, as plain JSON."""
    from reportdesk.importers.peer import file_findings
    from reportdesk.rules import check

    try:
        findings = [f.to_dict() for f in check(report)]
    except Exception as exc:  # noqa: BLE001 - written down, compared like the rest
        findings = [f"check raised {type(exc).__name__}: {exc}"]
    return {
        "agency": report.agency, "year": report.year,
        "values": {c: v for c, v in report.values.items() if v is not None},
        "types": {c: type(v).__name__ for c, v in report.values.items() if v is not None},
        "sources": dict(sorted(report.sources.items())),
        "invalid": {c: list(v) for c, v in report.invalid.items()},
        "texts": report.texts, "unknown": {k: repr(v) for k, v in report.unknown.items()},
        "partial": sorted(report.partial),
        "log": [e.to_dict() for e in log.entries],
        "counted": dict(getattr(log, "counted", {})),   # kinds only counted (a batch's reading)
        "summary": log.summary(),
        "findings": findings,
        "docx_findings": [f.to_dict() for f in file_findings("docx", log)],
    }


def read_fixtures(out) -> int:
    from reportdesk.errors import UnreadableReport
    from reportdesk.importers import read_report

    n = 0
    for path in sorted(p for p in FIXTURES.rglob("*") if p.is_file()):
        if "__pycache__" in path.parts or path.suffix == ".py":
            continue
        key = str(path.relative_to(ROOT))
        try:
            result = read_report(path)
            record = {"key": key, "kind": result.kind, **describe(result.report, result.log)}
        except UnreadableReport as exc:
            record = {"key": key, "error": exc.message}
        out.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
        n += 1
    return n


class RecordReads:
    """A pytest plugin wrapping every reader so that each call's result is written down."""

    def __init__(self, out):
        self.out = out
        self.test = ""
        self.calls: dict[str, int] = {}

    def pytest_configure(self, config):
        import importlib

        from reportdesk.importers import READERS

        for spec in READERS.values():
            module_name, _, func = spec.partition(":")
            module = importlib.import_module(module_name)
            original = getattr(module, func)
            if getattr(original, "_recorded", False):
                continue
            setattr(module, func, self._wrap(original, f"{module_name}:{func}"))

    def _wrap(self, original, name):
        def reader(data, form, file_name, *args, **kwargs):
            # numbered per file name: reads from two threads at once come in either order
            n = self.calls[file_name] = self.calls.get(file_name, 0) + 1
            key = f"{self.test}#{file_name}#{n}"
            base = {"key": key, "reader": name, "file": file_name,
                    "input": hashlib.sha256(data).hexdigest()[:16] if isinstance(data, bytes) else ""}
            try:
                report, log = original(data, form, file_name, *args, **kwargs)
            except Exception as exc:
                message = getattr(exc, "message", str(exc))
                self.out.write(json.dumps({**base, "error": f"{type(exc).__name__}: {message}"},
                                          ensure_ascii=False, sort_keys=True) + "\n")
                raise
            self.out.write(json.dumps({**base, **describe(report, log)}, ensure_ascii=False,
                                      sort_keys=True) + "\n")
            return report, log

        reader._recorded = True
        return reader

    def pytest_runtest_setup(self, item):
        self.test, self.calls = item.nodeid, {}


def record(path: Path, tests: bool) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    with open(path, "w", encoding="utf-8") as out:
        n = read_fixtures(out)
        print(f"{n} fixture files read")
        if tests:
            import pytest

            os.chdir(ROOT)
            plugin = RecordReads(out)
            status = pytest.main(["-q", "-p", "no:randomly", "-p", "no:cacheprovider", "-m", "not slow",
                                  "-x", "tests/importers"], plugins=[plugin])
            print(f"tests/importers: exit status {status}")


def compare(a: Path, b: Path) -> int:
    def load(p):
        rows = {}
        with open(p, encoding="utf-8") as f:
            for line in f:
                row = json.loads(line)
                row.pop("input", None)   # python-docx stamps the time into the files it makes
                rows[row["key"]] = row
        return rows

    old, new = load(a), load(b)
    for k in old.keys() & new.keys():
        # A read made for a batch (log.counting_only) keeps no entries of the kinds it only
        # counts: those are compared without them.
        counted = set(old[k].pop("counted", None) or ()) | set(new[k].pop("counted", None) or ())
        for row in (old[k], new[k]):
            if counted and "log" in row:
                row["log"] = [e for e in row["log"] if e["kind"] not in counted]
    differ = [k for k in old if k in new and old[k] != new[k]]
    only_old = [k for k in old if k not in new]
    only_new = [k for k in new if k not in old]
    for k in differ[:20]:
        print(f"DIFFERS {k}")
        for field in sorted(set(old[k]) | set(new[k])):
            if old[k].get(field) != new[k].get(field):
                print(f"  {field}: {json.dumps(old[k].get(field), ensure_ascii=False)[:600]}")
                print(f"  {' ' * len(field)}→ {json.dumps(new[k].get(field), ensure_ascii=False)[:600]}")
    for k in only_old[:20]:
        print(f"ONLY BEFORE {k}")
    for k in only_new[:20]:
        print(f"ONLY AFTER {k}")
    print(f"{len(old)} reads before, {len(new)} after: {len(differ)} differ, "
          f"{len(only_old)} only before, {len(only_new)} only after")
    return 1 if differ or only_old or only_new else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", nargs="+")
    parser.add_argument("--compare", action="store_true", help="compare two files written before")
    parser.add_argument("--fixtures-only", action="store_true", help="leave out the reads of the tests")
    args = parser.parse_args()
    if args.compare:
        sys.exit(compare(Path(args.out[0]), Path(args.out[1])))
    record(Path(args.out[0]), not args.fixtures_only)


if __name__ == "__main__":
    main()
