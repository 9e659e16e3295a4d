"""The wizard's steps and how far each one is: Qt-free, so it is tested without a display.

The steps are built from the form (基本信息, the five sub-parts of 一、总体情况, 表二, 表三,
表四, 五, 六, 检查与导出); a step's state comes from the report's blanks and the findings
that touch the step's cells or texts.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable, NamedTuple

from .form import Form
from .report import Report
from .rules import ERROR, Finding

__all__ = ["INFO", "TEXT", "TABLE", "CHECK", "EMPTY", "ERRORS", "PARTIAL", "WARNINGS", "DONE", "STATE_NAMES", "Step",
           "StepState", "build_steps", "step_cells", "touches", "step_for_finding", "step_state", "step_states", "cell_marks",
           "group_findings"]

INFO, TEXT, TABLE, CHECK = "info", "text", "table", "check"

# States of a step, in the order a clerk cares about them.
EMPTY = "empty"        # 未填: nothing entered yet
ERRORS = "errors"      # 有错误
PARTIAL = "partial"    # 填写中: some cells still blank (no errors)
WARNINGS = "warnings"  # 有提示
DONE = "done"          # 已完成

STATE_NAMES = {EMPTY: "未填", ERRORS: "有错误", PARTIAL: "填写中", WARNINGS: "有提示", DONE: "已完成"}


class Step(NamedTuple):
    """One page of the wizard."""

    id: str
    kind: str
    title: str            # as shown on the page, e.g. “三、收到和处理政府信息公开申请情况”
    short: str            # in the step list, e.g. “表三 申请情况”
    part: str = ""        # the form part it belongs to
    text_ids: tuple[str, ...] = ()
    table: str = ""
    guidance: str = ""


class StepState(NamedTuple):
    """How far a step is: its state and the counts behind it."""

    state: str
    blanks: int = 0
    errors: int = 0
    warnings: int = 0

    @property
    def name(self) -> str:
        return STATE_NAMES[self.state]

    @property
    def detail(self) -> str:
        """A short explanation for the step list's tooltip."""
        bits = []
        if self.errors:
            bits.append(f"{self.errors}个错误")
        if self.warnings:
            bits.append(f"{self.warnings}个提示")
        if self.blanks:
            bits.append(f"{self.blanks}格未填")
        return "，".join(bits) or self.name


def build_steps(form: Form, report: Report | None = None) -> list[Step]:
    """The wizard's steps, in order, from the form.

    A report whose 一、总体情况 has no sub-headings (the whole text imported in one piece and
    none of the sub-parts written) gets one step for that whole text instead of five.
    """
    steps = [Step("info", INFO, "基本信息", "基本信息", guidance="填写机关名称和报告年度，它们组成报告的标题。")]
    for part in form.parts:
        if part.table:
            table = form.tables[part.table]
            steps.append(Step(f"table:{table.id}", TABLE, part.title, f"{table.short_name}  {part.heading}",
                              part=part.id, table=table.id, guidance=part.guidance))
            continue
        whole = part.whole and report is not None and report.text(part.whole).strip() \
            and not any(report.text(t).strip() for t in part.texts)
        if whole:
            steps.append(Step(f"text:{part.whole}", TEXT, f"{part.title}（全文）", f"{part.number}、{part.heading}",
                              part=part.id, text_ids=(part.whole,), guidance=form.texts[part.whole].guidance))
            continue
        for tid in part.texts:
            field = form.texts[tid]
            if len(part.texts) == 1:
                title, short = part.title, part.title
            else:
                title, short = f"{part.title}·{field.heading}", f"{part.number}{field.heading}"
            steps.append(Step(f"text:{tid}", TEXT, title, short, part=part.id, text_ids=(tid,),
                              guidance=field.guidance or part.guidance))
    steps.append(Step("check", CHECK, "检查与导出", "检查与导出",
                      guidance="检查整份报告，导出 Word 文档、打印、打印校验单。"))
    return steps


def step_cells(form: Form, step: Step) -> list[str]:
    """The number cells a step edits (computed ones included), in reading order."""
    return form.tables[step.table].cell_ids() if step.kind == TABLE else []


def touches(step: Step, finding: Finding, form: Form) -> bool:
    """Whether a finding concerns a step (one of its cells or texts)."""
    if step.kind == TEXT:
        return any(t in step.text_ids for t in finding.texts)
    if step.kind == TABLE:
        # any finding about its cells, also a prose one (“正文写…，但表三…为…”): its cells
        # are marked in the grid, so the table lists it too (issue 13, item 7)
        prefix = step.table + "."
        return any(c.startswith(prefix) for c in finding.cells)
    return False


def step_for_finding(steps: list[Step], finding: Finding, form: Form) -> Step | None:
    """The step where a finding is fixed: its text's step, else its first cell's table."""
    for kind in (TEXT, TABLE):
        for step in steps:
            if step.kind == kind and touches(step, finding, form):
                return step
    if finding.texts:  # e.g. the whole overview text while the five steps are shown
        part = form.texts[finding.texts[0]].part if finding.texts[0] in form.texts else ""
        return next((s for s in steps if s.part == part), None)
    return None


def step_state(step: Step, report: Report, findings: Iterable[Finding]) -> StepState:
    """The state of one step from the report and its (draft, complete=False) findings."""
    form = report.form
    if step.kind == INFO:
        return StepState(DONE if report.agency.strip() and report.year else EMPTY)
    findings = [f for f in findings if not f.acknowledged]   # a warning marked 已核实 nags no more
    if step.kind == CHECK:
        errors = sum(f.severity == ERROR for f in findings)
        warnings = sum(f.severity != ERROR for f in findings)
        blanks = len(report.blank_cells())
        return _state(filled=True, blanks=blanks, errors=errors, warnings=warnings)
    mine = [f for f in findings if touches(step, f, form)]
    errors = sum(f.severity == ERROR for f in mine)
    warnings = len(mine) - errors
    if step.kind == TEXT:
        filled = any(report.text(t).strip() for t in step.text_ids)
        return _state(filled, 0, errors, warnings)
    editable = _editable(form, step.table)
    blanks = sum(report.is_blank(c) for c in editable)
    return _state(blanks < len(editable), blanks, errors, warnings)


@lru_cache(maxsize=64)
def _editable(form: Form, table: str) -> tuple[str, ...]:
    return tuple(c for c in form.tables[table].cell_ids() if not form.is_computed(c))


def step_states(steps: Iterable[Step], report: Report, findings: list[Finding], *,
                previous: dict[str, StepState] | None = None, cells: Iterable[str] = (), texts: Iterable[str] = (),
                changed_findings: Iterable[Finding] = (), info: bool = False) -> dict[str, StepState]:
    """The state of every step. Given the ``previous`` states and what changed since (cells,
    texts, findings added or removed, the agency or year), only the steps those concern are
    worked out again; the check step always is."""
    form = report.form
    tables = {c.split(".", 1)[0] for c in cells}
    texts = set(texts)
    changed = list(changed_findings)
    states = {}
    for step in steps:
        if previous is not None and step.id in previous and step.kind != CHECK and not (
                (step.kind == INFO and info)
                or (step.kind == TABLE and step.table in tables)
                or (step.kind == TEXT and texts.intersection(step.text_ids))
                or any(touches(step, f, form) for f in changed)):
            states[step.id] = previous[step.id]
        else:
            states[step.id] = step_state(step, report, findings)
    return states


def _state(filled: bool, blanks: int, errors: int, warnings: int) -> StepState:
    if not filled and not errors:
        return StepState(EMPTY, blanks, errors, warnings)
    if errors:
        return StepState(ERRORS, blanks, errors, warnings)
    if blanks:
        return StepState(PARTIAL, blanks, errors, warnings)
    return StepState(WARNINGS if warnings else DONE, blanks, errors, warnings)


def cell_marks(findings: Iterable[Finding]) -> dict[str, str]:
    """For each cell named by a finding, the worse severity (error beats warning)."""
    marks: dict[str, str] = {}
    for f in findings:
        if f.acknowledged:
            continue
        for cid in f.cells:
            if marks.get(cid) != ERROR:
                marks[cid] = f.severity
    return marks


def group_findings(steps: list[Step], findings: Iterable[Finding], form: Form) -> list[tuple[str, str, list[Finding]]]:
    """Findings grouped by part (in the report's order) then severity: (part title, severity, findings)."""
    order = {p.id: i for i, p in enumerate(form.parts)}
    titles = {p.id: p.title for p in form.parts}
    groups: dict[tuple[str, str], list[tuple[int, Finding]]] = {}
    for f in findings:
        step = step_for_finding(steps, f, form)
        part = step.part if step is not None else ""
        where = steps.index(step) if step is not None else len(steps)
        groups.setdefault((part, f.severity), []).append((where, f))
    keys = sorted(groups, key=lambda k: (order.get(k[0], len(order)), k[1] != ERROR))
    # within a group, in the order of the steps (stable: the rules' order within a step)
    return [(titles.get(part, "其他"), sev, [f for _, f in sorted(groups[(part, sev)], key=lambda p: p[0])])
            for part, sev in keys]
