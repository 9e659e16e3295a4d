"""A complete report with distinct numbers in every table, for the export tests and benchmarks.

Imported by path (``sys.path`` gets this folder), as tests are not a package.
"""

from __future__ import annotations


def busy(example):
    """A complete, balanced draft with numbers that differ from cell to cell.

    Texts are the example's; every table-3 column balances (一＋二＝（七）＋四), so the
    report has no errors and exports without the draft mark.
    """
    from reportdesk.report import Report

    report = Report(example.form, example.agency, example.year)
    for tid, text in example.texts.items():
        report.set_text(tid, text, "imported")
    form = report.form
    t2 = {"rules": (0, 0, 3), "normative": (4, 1, 27)}
    for row, (issued, repealed, valid) in t2.items():
        report.set(f"t2.{row}.issued", issued)
        report.set(f"t2.{row}.repealed", repealed)
        report.set(f"t2.{row}.valid", valid)
    report.set("t2.licensing.decisions", 1385)
    report.set("t2.penalty.decisions", 212)
    report.set("t2.enforcement.decisions", 9)
    report.set("t2.fees.amount", 12.35)
    table3 = form.tables["t3"]
    columns = [c.id for c in table3.columns if not form.is_computed(f"t3.new.{c.id}")]
    result_rows = [r.id for r in table3.rows if r.id not in ("new", "carried_in", "total", "carried_out")]
    for j, col in enumerate(columns):
        for i, row in enumerate(result_rows):
            report.set(f"t3.{row}.{col}", (i * 7 + j * 5) % 13 if j in (0, 1) or i < 3 else 0)
        report.set(f"t3.carried_in.{col}", 2 + j)
        report.set(f"t3.carried_out.{col}", 3 + j)
        total = report.values[f"t3.total.{col}"]
        report.set(f"t3.new.{col}", total + 3 + j - (2 + j))
    for g, group in enumerate(("review", "suit_direct", "suit_after_review")):
        for k, col in enumerate(("upheld", "corrected", "other", "pending")):
            report.set(f"t4.{group}.{col}", g + k + 1)
    return report
