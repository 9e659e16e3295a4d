"""Test data builders shared by the tests (importable: conftest.py is not, under importlib mode)."""

from __future__ import annotations


def build_balanced_report(seed: int = 0, *, year: int = 2024, agency: str = "某某县某某镇人民政府", scale: int = 5):
    """A complete report that passes every rule: random numbers, totals derived, texts written."""
    import random

    from reportdesk.form import load_form
    from reportdesk.report import Report

    rnd = random.Random(seed)
    form = load_form()
    report = Report(form, agency, year, derive=True)
    t3 = form.tables["t3"]
    items = [r.id for r in t3.rows if r.id not in ("new", "carried_in", "total", "carried_out")]
    for col in [c.id for c in t3.columns if c.id != "total"]:
        done = 0
        for item in items:
            v = rnd.choice([0, 0, 0, rnd.randint(0, scale)])
            report.set(f"t3.{item}.{col}", v)
            done += v
        carried_out = rnd.randint(0, 2)
        carried_in = rnd.randint(0, done + carried_out)
        report.set(f"t3.carried_out.{col}", carried_out)
        report.set(f"t3.carried_in.{col}", carried_in)
        report.set(f"t3.new.{col}", done + carried_out - carried_in)
    for group in ("review", "suit_direct", "suit_after_review"):
        for col in ("upheld", "corrected", "other", "pending"):
            report.set(f"t4.{group}.{col}", rnd.randint(0, 2))
    for cid in form.tables["t2"].cell_ids():
        report.set(cid, rnd.randint(0, 30) if form.cells[cid].kind == "count" else round(rnd.random() * 50, 2))
    new_total = report.get("t3.new.total")
    report.set_text("text.overview.proactive", f"{year}年，本机关主动公开政府信息，按时更新公开专栏。")
    report.set_text("text.overview.on_request", f"{year}年共收到政府信息公开申请{new_total}件，均在法定期限内答复。")
    report.set_text("text.overview.management", "严格执行公开前保密审查制度。")
    report.set_text("text.overview.platform", "持续加强政府网站和政务新媒体建设。")
    report.set_text("text.overview.oversight", "将政务公开纳入年度绩效考核，未发生责任追究情况。")
    report.set_text("text.problems", "存在的问题是公开内容还不够全面。下一步将加强培训。")
    report.set_text("text.other", "本年度未收取信息处理费。")
    return report


from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def balanced_t3_values(form) -> dict:
    """Table 3's cells to type for a balanced table: in every column 一 2 + 二 1 = （一）1 +
    （二）1 + 四 1; the rest 0 (computed cells left out)."""
    values = {}
    for cid in form.tables["t3"].cell_ids():
        if form.is_computed(cid):
            continue
        row = cid.split(".")[1] if cid.count(".") == 2 else ".".join(cid.split(".")[1:3])
        values[cid] = {"new": 2, "carried_in": 1, "granted": 1, "partial": 1, "carried_out": 1}.get(row, 0)
    return values
