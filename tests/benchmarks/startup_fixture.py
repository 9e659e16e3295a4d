"""Make the draft database the start-up benchmark opens: the example report as draft 1.

    python3 tests/benchmarks/startup_fixture.py /tmp/bench.db

Prints the draft's id (the value for ``REPORTDESK_OPEN_DRAFT``).
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from reportdesk.importers import read_report  # noqa: E402
from reportdesk.store import DraftStore  # noqa: E402

EXAMPLE = ROOT / "tests" / "fixtures" / "xiaodong-2024.txt"


def main(path: str) -> int:
    db = Path(path)
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    with DraftStore(db) as store:
        store.set_setting("agency", "武陟县小董乡人民政府")
        last = read_report(EXAMPLE).report
        draft_id = store.new_from(last, "武陟县小董乡人民政府", 2025)
    print(draft_id)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/reportdesk-bench.db"))
