"""The 校验单: one page listing every rule of the form, passed or not, with its numbers.

The clerk prints it with the report and signs it with the reviewer (填报人 / 审核人 / 日期).
Each rule shows what was checked: for a passed balance rule the sums that agree, for a broken
one the findings' messages (which carry the numbers). The page always fits: when there are
many findings, each rule shows the first ones and “等N处”.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from ..form import Relation, Rule
from ..report import Report
from ..rules import ERROR, Finding, check
from ..values import format_value
from .fonts import OFFICIAL, font_set
from .layout import MM_PER_PT, PAGE, Cell, Layout, Paragraph, TableBlock, estimate_height, paragraph_height

PASSED, FAILED, DOUBTFUL, VERIFIED, SKIPPED = "passed", "failed", "doubtful", "verified", "skipped"
STATUS_NAMES = {PASSED: "通过", FAILED: "未通过", DOUBTFUL: "请核实", VERIFIED: "已核实", SKIPPED: "未校验"}
SEVERITY_NAMES = {ERROR: "必须", "warning": "提示"}


@dataclass(frozen=True)
class RuleResult:
    """One rule on the 校验单: its status, the findings that broke it, and what was checked."""

    rule: Rule
    status: str
    findings: tuple[Finding, ...]
    checked: str  # for a passed rule: the numbers that agree; else why it was not checked

    @property
    def status_name(self) -> str:
        return STATUS_NAMES[self.status]


def checklist(report: Report, findings: list[Finding] | None = None,
              last_year: Report | None = None) -> list[RuleResult]:
    """Every rule of the report's form with its result, in the form's order."""
    if findings is None:
        findings = check(report, last_year)
    by_rule: dict[str, list[Finding]] = {}
    for f in findings:
        by_rule.setdefault(f.rule, []).append(f)
    results = []
    for rule in report.form.rules:
        broken = tuple(by_rule.get(rule.id, ()))
        if rule.needs_last_year and last_year is None:
            results.append(RuleResult(rule, SKIPPED, (), "没有上年报告，未校验"))
        elif broken:
            status = (FAILED if any(f.severity == ERROR for f in broken)
                      else VERIFIED if all(f.acknowledged for f in broken) else DOUBTFUL)
            results.append(RuleResult(rule, status, broken, ""))
        else:
            checked = _what_was_checked(rule, report, last_year)
            results.append(RuleResult(rule, SKIPPED if checked == _UNCHECKABLE else PASSED, (), checked))
    return results


def _what_was_checked(rule: Rule, report: Report, last: Report | None) -> str:
    form = report.form
    p = rule.params
    if rule.kind == "balance":
        return _balances(rule, report, last)
    if rule.kind == "values":
        return f"{len(form.cells)}个单元格均已填写，数值有效"
    if rule.kind == "threshold" and not p.get("cells"):
        return "各项数字都在常见范围内"
    if rule.kind == "threshold":
        return "；".join(f"{form.cells[c].row.name}{_number(report, c)}{form.cells[c].unit}" for c in p["cells"])
    if rule.kind == "ratio":
        return "；".join(f"{form.cells[c].row.name}：本年{_number(report, c)}，上年{_number(last, c)}"
                        for c in p["cells"])
    if rule.kind == "stale_year":
        return f"正文没有把{report.year - 1}年的事写成本年" if report.year else "报告年度未知"
    return {"prose_numbers": "正文中写到的数字与表格一致", "text_mentions": "正文已说明",
            "unknown_cells": "没有", "texts_present": "各部分文字齐全"}.get(rule.kind, "通过")


def _number(report: Report, cell_id: str) -> str:
    return format_value(report.values[cell_id], report.form.cells[cell_id].kind) or "空"


_UNCHECKABLE = "有空白单元格，无法核对"


def _balances(rule: Rule, report: Report, last: Report | None) -> str:
    relations = [rel for rel in report.form.relations if rel.rule.id == rule.id]
    sums = [(rel, _sides(rel, report, last)) for rel in relations]
    done = [(rel, s) for rel, s in sums if s is not None]
    if not done:
        return _UNCHECKABLE
    # The relation on the 总计 row or column speaks for all of them.
    rel, (left, right) = next(((r, s) for r, s in done if any("总计" in v for v in r.names.values())), done[0])
    text = rule.params["message"].format(left=_fmt(left), right=_fmt(right), difference=0, **rel.names)
    text = text.split("，相差")[0].split("。")[0]
    unchecked = len(sums) - len(done)
    count = f"{len(done)}处均相符" + (f"（{unchecked}处有空白未核对）" if unchecked else "")
    return f"{count}，如{text}" if len(done) > 1 else text


def _sides(rel: Relation, report: Report, last: Report | None) -> tuple[float, float] | None:
    out = []
    for side in (rel.left, rel.right):
        total = 0
        for term in side:
            source = last if term.last_year else report
            value = source.values[term.cell] if source is not None else None
            if value is None:
                return None
            total += term.sign * value
        out.append(total)
    return out[0], out[1]


def _fmt(value: float) -> str:
    return format_value(value, "amount") if isinstance(value, float) else str(value)


# ----------------------------------------------------------------------------- the page

COLUMNS = (("序号", 8.0), ("校验项目", 42.0), ("类别", 10.0), ("结果", 13.0), ("数据与说明", 0.0))


def checklist_layout(report: Report, findings: list[Finding] | None = None, last_year: Report | None = None,
                     *, fonts: str = OFFICIAL, when: _dt.datetime | None = None) -> Layout:
    """The 校验单 as one page: title, the report checked, the rules table, signature lines."""
    if findings is None:
        findings = check(report, last_year)
    results = checklist(report, findings, last_year)
    when = when or _dt.datetime.now()
    counts = {s: sum(r.status == s for r in results) for s in STATUS_NAMES}
    errors = sum(f.severity == ERROR for f in findings)
    layout = Layout(title=f"{report.title}校验单", author=report.agency or "", subject="政府信息公开工作年度报告校验单",
                    fonts=font_set(fonts), page_numbers=False)
    layout.blocks += [
        Paragraph("sheet_title", "政府信息公开工作年度报告校验单"),
        Paragraph("sheet_info", f"报告：{report.title}"),
        Paragraph("sheet_info", f"校验时间：{when:%Y年%m月%d日 %H:%M}　格式：{report.form.basis}　"
                                f"上年报告：{'已对照' if last_year is not None else '未提供'}"),
        Paragraph("sheet_info", f"共{len(results)}项：通过{counts[PASSED]}项，未通过{counts[FAILED]}项，"
                                f"请核实{counts[DOUBTFUL]}项，" + (f"已核实{counts[VERIFIED]}项，" if counts[VERIFIED] else "")
                                + f"未校验{counts[SKIPPED]}项。"
                                + (f"报告尚有{errors}处错误，不能作为正式报告报送。" if errors else "没有错误。")),
    ]
    from ..diagnose import diagnose

    # the likely mistake behind a group of errors (reportdesk.diagnose), before the table
    layout.blocks += [Paragraph("sheet_info", f"可能的错因：{d.message}") for d in diagnose(report, findings, last_year)]
    layout.blocks.append(Paragraph("sheet_sign", "填报人：________　　审核人：________　　日期：　　　　年　　月　　日"))
    room = PAGE.text_height / MM_PER_PT - sum(paragraph_height(p) for p in layout.blocks)
    layout.blocks.insert(-1, _fitted_table(results, room * 0.97))
    return layout


def _fitted_table(results: list[RuleResult], room: float) -> TableBlock:
    """The rules table, showing as many findings per rule as ``room`` (pt) holds."""
    shown = {r.rule.id: len(r.findings) for r in results}
    table = _table(results, shown)
    while estimate_height(table) > room:
        widest = max(shown, key=lambda rid: shown[rid])
        if shown[widest] <= 1:
            break
        shown[widest] -= 1
        table = _table(results, shown)
    return table


def _table(results: list[RuleResult], shown: dict[str, int]) -> TableBlock:
    widths = [w for _, w in COLUMNS]
    widths[-1] = PAGE.text_width - sum(widths)
    cells = [Cell(0, i, name, "small_header") for i, (name, _) in enumerate(COLUMNS)]
    for row, result in enumerate(results, start=1):
        if result.findings:
            n = shown[result.rule.id]
            lines = [f.message + (f"（已核实：{f.acknowledged}）" if f.acknowledged else "")
                     for f in result.findings[:n]]
            if len(result.findings) > n:
                lines.append(f"……等{len(result.findings)}处")
            detail = "\n".join(lines)
        else:
            detail = result.checked
        cells += [
            Cell(row, 0, result.rule.id, "small_value"),
            Cell(row, 1, result.rule.name, "small_label"),
            Cell(row, 2, SEVERITY_NAMES.get(result.rule.severity, ""), "small_value"),
            Cell(row, 3, result.status_name, "small_value"),
            Cell(row, 4, detail, "small_label"),
        ]
    return TableBlock("校验单", len(results) + 1, tuple(round(w, 2) for w in widths), 1, tuple(cells), 9.0)
