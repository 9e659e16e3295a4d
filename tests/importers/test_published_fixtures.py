"""Reports built from published numbers, in every shape they reach a reviewer, read back to
every cell, every text and every finding (sources: tests/fixtures/README.md)."""

from __future__ import annotations

import pytest

from helpers import FIXTURES  # noqa: F401  (puts tests/fixtures on sys.path)
from make_fixtures import FIXTURES as FILES
from published import REPORTS

from reportdesk.importers import read_report
from reportdesk.importers.log import MAPPED, UNRECOGNISED
from reportdesk.rules import check

PUBLISHED = FIXTURES / "published"


@pytest.fixture(scope="module", params=sorted(FILES))
def imported(request):
    name = request.param
    key = FILES[name][0]
    return name, REPORTS[key], read_report(PUBLISHED / name)


def test_agency_and_year_from_the_title(imported):
    name, spec, result = imported
    assert (result.report.agency, result.report.year) == (spec.agency, spec.year)


def test_every_cell_as_published(imported):
    name, spec, result = imported
    got = {cid: result.report.values[cid] for cid in spec.cells}
    assert got == spec.cells
    assert result.report.invalid == {}
    assert len(spec.cells) == len(result.report.form.cells) == 200


def test_every_text_part(imported):
    name, spec, result = imported
    assert result.report.texts == spec.texts


def test_every_finding(imported):
    name, spec, result = imported
    found = sorted((f.rule, tuple(f.cells)) for f in check(result.report))
    assert found == sorted(spec.findings)


def test_log_names_every_cell_and_nothing_unrecognised(imported):
    name, spec, result = imported
    mapped = {e.cell for e in result.log.of_kind(MAPPED)}
    assert mapped == set(result.report.form.cells)
    assert result.log.of_kind(UNRECOGNISED) == []
    assert result.log.problems() == []


def test_kind_is_sniffed_from_content(imported):
    name, spec, result = imported
    expected = {".docx": "docx", ".html": "html", ".htm": "html", ".txt": "text", ".md": "text"}
    assert result.kind == expected[name[name.rindex("."):]]
