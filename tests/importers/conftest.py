"""The importer tests share helpers.py and the fixture generator in tests/fixtures/."""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
for folder in (HERE, HERE.parent / "fixtures"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
