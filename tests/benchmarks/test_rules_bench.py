"""Benchmark: re-run every rule on a full report (goal ≤ 200 µs on the 2-core machine).

Run: python3 -m pytest tests/benchmarks/test_rules_bench.py --benchmark-only
"""

from reportdesk.rules import checker_for


def test_rules_on_a_full_report(benchmark, balanced_report):
    report = balanced_report(1)
    checker = checker_for(report.form)
    findings = benchmark(checker.check, report)
    assert findings == []


def test_rules_while_typing_a_draft(benchmark, balanced_report):
    """The wizard's live check: complete=False, after one cell edit that breaks rule 1."""
    report = balanced_report(2)
    report.set("t3.new.natural", str(report.get("t3.new.natural") + 1))
    checker = checker_for(report.form)
    findings = benchmark(checker.check, report, None, complete=False)
    assert [f.rule for f in findings] == ["1", "1", "8"]  # 自然人 and 总计 columns; the prose count


def test_rules_with_last_year(benchmark, balanced_report):
    last = balanced_report(3, year=2023)
    report = balanced_report(4)
    checker = checker_for(report.form)
    findings = benchmark(checker.check, report, last)
    assert all(f.rule in ("6", "7", "12") for f in findings)
