"""Properties of the checker over many random reports (hypothesis)."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest_helpers import build_balanced_report
from reportdesk.form import load_form
from reportdesk.report import IMPORTED
from reportdesk.rules import check

FORM = load_form()
INPUT_CELLS = sorted(cid for cid in FORM.cells
                     if cid.startswith(("t3.", "t4.")) and not FORM.is_computed(cid))

_settings = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_settings
@given(seed=st.integers(0, 10**6), scale=st.integers(1, 500))
def test_a_random_balanced_report_passes_every_rule(seed, scale):
    assert check(build_balanced_report(seed, scale=scale)) == []


@_settings
@given(seed=st.integers(0, 10**6), cell=st.sampled_from(INPUT_CELLS), delta=st.integers(1, 1000))
def test_a_single_changed_input_cell_is_caught_and_named(seed, cell, delta):
    report = build_balanced_report(seed)
    report.derive = False  # as published: the totals stay as printed
    report.set(cell, report.get(cell) + delta, source=IMPORTED)
    errors = [f for f in check(report) if f.severity == "error"]
    assert errors, cell
    assert all(cell in f.cells for f in errors)
    assert {f.rule for f in errors} <= {"1", "2", "3", "4"}


@_settings
@given(seed=st.integers(0, 10**6), cell=st.sampled_from(INPUT_CELLS), value=st.integers(0, 50))
def test_in_a_draft_the_totals_follow_every_edit(seed, cell, value):
    report = build_balanced_report(seed)
    report.set(cell, value)
    hard = [f for f in check(report) if f.rule in ("2", "3", "4")]
    assert hard == []
