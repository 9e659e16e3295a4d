"""The report format as data: load and validate a form file from ``resources/forms``.

A :class:`Form` knows the parts, text fields, tables (with their printed header structure),
every cell with its id, kind and guidance, which cells are computed and from what, the
cross-check rules, and what carries over from last year.  Nothing here imports Qt, SQL or docx.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from . import parsed_cache
from .errors import FormError
from .resources import resource_path

DEFAULT_FORM = "gov-info-2021"

COUNT = "count"
AMOUNT = "amount"
SEVERITIES = ("error", "warning")
RULE_KINDS = (
    "balance", "values", "prose_numbers", "stale_year", "threshold",
    "text_mentions", "ratio", "unknown_cells", "texts_present", "silent_problems",
)


# The form's parts are immutable records. They are NamedTuples rather than frozen dataclasses
# because a frozen dataclass costs ~0.3 ms to define (its methods are compiled at import) and
# the program's start defines some twenty of them; Rule and Relation stay dataclasses, their
# parameter dicts being left out of equality and hashing.


class Column(NamedTuple):
    """A number column of a table (or of one block of table 2)."""

    id: str
    label: str
    name: str
    guidance: str = ""
    group: str = ""
    kind: str = COUNT
    unit: str = "件"


class Row(NamedTuple):
    """A row of a table; ``path`` holds the merged label cells printed to its left."""

    id: str
    label: str
    name: str
    guidance: str = ""
    path: tuple[str, ...] = ()


class HeaderCell(NamedTuple):
    """One printed header cell over the number columns, with its merge."""

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


class CellDef(NamedTuple):
    """One number cell of the report."""

    id: str
    table: str
    row: Row
    column: Column
    computed: bool = False

    @property
    def kind(self) -> str:
        return self.column.kind

    @property
    def unit(self) -> str:
        return self.column.unit

    @property
    def guidance(self) -> str:
        return self.row.guidance


class Block(NamedTuple):
    """A rectangle of a table with its own header: table 2 has four, tables 3 and 4 one."""

    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    title: str = ""
    corner: str = ""
    header: tuple[HeaderCell, ...] = ()
    header_rows: int = 1
    label_columns: int = 1


class GridCell(NamedTuple):
    """A cell of a table's printed grid: what the wizard and the Word export lay out."""

    row: int
    col: int
    text: str = ""
    role: str = "value"  # title | corner | header | label | value
    cell_id: str | None = None
    rowspan: int = 1
    colspan: int = 1


class Grid(NamedTuple):
    """A table's whole printed grid, merges included."""

    rows: int
    cols: int
    cells: tuple[GridCell, ...]
    header_rows: int  # rows that repeat at the top of every printed page


class Table(NamedTuple):
    """A numbered table of the report (表二, 表三, 表四)."""

    id: str
    number: str
    heading: str
    layout: str
    blocks: tuple[Block, ...]
    width: int = 0

    @property
    def title(self) -> str:
        return f"{self.number}、{self.heading}"

    @property
    def short_name(self) -> str:
        return f"表{self.number}"

    @property
    def rows(self) -> tuple[Row, ...]:
        return tuple(r for b in self.blocks for r in b.rows)

    @property
    def columns(self) -> tuple[Column, ...]:
        seen: dict[str, Column] = {}
        for b in self.blocks:
            for c in b.columns:
                seen.setdefault(c.id, c)
        return tuple(seen.values())

    def cell_ids(self) -> list[str]:
        """The table's cell ids in reading order (row by row)."""
        return [f"{self.id}.{r.id}.{c.id}" for b in self.blocks for r in b.rows for c in b.columns]

    def grid(self) -> Grid:
        """Lay the table out as printed: header merges, label merges, value cells."""
        return _GRID_BUILDERS[self.layout](self)


class TextField(NamedTuple):
    """A prose part of the report."""

    id: str
    heading: str
    guidance: str = ""
    match: tuple[str, ...] = ()
    part: str = ""
    whole_of: str = ""


class Part(NamedTuple):
    """One of the six numbered parts (一 … 六)."""

    id: str
    number: str
    heading: str
    texts: tuple[str, ...] = ()
    table: str = ""
    whole: str = ""
    match: tuple[str, ...] = ()
    guidance: str = ""

    @property
    def title(self) -> str:
        return f"{self.number}、{self.heading}"


class Term(NamedTuple):
    """One addend of a rule side: a cell, its sign, and whether it is last year's value."""

    cell: str
    sign: int = 1
    last_year: bool = False


@dataclass(frozen=True)
class Rule:
    """A cross-check as written in the form file, with its parameters."""

    id: str
    name: str
    severity: str
    kind: str
    params: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    @property
    def needs_last_year(self) -> bool:
        return bool(self.params.get("needs_last_year"))


@dataclass(frozen=True)
class Relation:
    """One instance of a balance rule: sum(left) must equal sum(right)."""

    rule: Rule
    left: tuple[Term, ...]
    right: tuple[Term, ...]
    names: dict[str, str] = field(default_factory=dict, hash=False, compare=False)

    @property
    def cells(self) -> list[str]:
        return [t.cell for t in self.left + self.right if not t.last_year]


class CarryLink(NamedTuple):
    """This year's cell ``to`` starts from last year's cell ``source``."""

    to: str
    source: str


@dataclass(eq=False)
class Form:
    """A whole report format, loaded from a form file."""

    id: str
    name: str
    basis: str
    title_template: str
    title_pattern: re.Pattern[str]
    parts: tuple[Part, ...]
    texts: dict[str, TextField]
    tables: dict[str, Table]
    cells: dict[str, CellDef]
    rules: tuple[Rule, ...]
    relations: tuple[Relation, ...]
    formulas: dict[str, tuple[str, ...]]
    compute_order: tuple[str, ...]
    dependents: dict[str, tuple[str, ...]]
    carry_cells: tuple[CarryLink, ...]
    carry_texts: bool
    renamed: dict[str, str]
    source: Path | None = None

    def cell(self, cell_id: str) -> CellDef:
        """The definition of one cell; KeyError for an id the form does not have."""
        return self.cells[cell_id]

    def is_computed(self, cell_id: str) -> bool:
        """Whether the cell is derived from its addends in a draft."""
        return cell_id in self.formulas

    def canonical(self, cell_id: str) -> str:
        """The current id of a cell id that may have been renamed."""
        seen = set()
        while cell_id in self.renamed and cell_id not in seen:
            seen.add(cell_id)
            cell_id = self.renamed[cell_id]
        return cell_id

    def report_title(self, agency: str, year: int | None) -> str:
        """The printed title, e.g. 武陟县小董乡人民政府2024年政府信息公开工作年度报告."""
        return self.title_template.format(agency=agency or "", year=year if year else "    ")

    def text_ids(self) -> list[str]:
        """Every text id in reading order, the whole-overview alternative last."""
        ids = [t for p in self.parts for t in p.texts]
        ids += [t for t in self.texts if t not in ids]
        return ids

    def cell_name(self, cell_id: str) -> str:
        """The cell as a person reads it: 表三「一、本年新收…」行「自然人」列."""
        c = self.cells[cell_id]
        return f"{self.tables[c.table].short_name}「{c.row.name}」「{c.column.name}」"


# ----------------------------------------------------------------------------- loading


def form_path(form_id: str = DEFAULT_FORM) -> Path:
    """The form file of ``form_id`` among the program's resources."""
    return resource_path("forms", f"{form_id}.toml")


def load_form(form_id: str = DEFAULT_FORM) -> Form:
    """Load (once) and validate the form file shipped with the program.

    Its parsed contents are kept between runs (:mod:`reportdesk.parsed_cache`).
    """
    return _load_form(form_id)


@cache
def _load_form(form_id: str) -> Form:
    path = form_path(form_id)
    if not path.is_file():
        raise FormError(f"没有格式“{form_id}”的定义文件")
    return load_form_file(path, cached_as=f"form-{form_id}")


def load_form_file(path: Path, cached_as: str | None = None) -> Form:
    """Load and validate a form file; a mistake in it raises :class:`FormError`.

    With ``cached_as``, the parsed file is kept under that name between runs.
    """
    try:
        data = parsed_cache.load_toml(path, cached_as)
    except (OSError, ValueError) as exc:  # tomllib.TOMLDecodeError and UnicodeDecodeError are ValueErrors
        raise FormError(f"格式定义文件 {path} 无法读取：{exc}") from exc
    form = build_form(data)
    form.source = path
    return form


def build_form(data: dict[str, Any]) -> Form:
    """Build a :class:`Form` from the parsed TOML of a form file, validating it."""
    try:
        return _FormBuilder(data).build()
    except FormError:
        raise
    except (KeyError, TypeError, ValueError) as exc:
        raise FormError(f"格式定义文件有误：{exc!r}") from exc


class _FormBuilder:
    def __init__(self, data: dict[str, Any]):
        self.data = data

    def build(self) -> Form:
        d = self.data
        tables = {tid: self._table(tid, t) for tid, t in d["tables"].items()}
        cells: dict[str, CellDef] = {}
        for table in tables.values():
            for block in table.blocks:
                for row in block.rows:
                    for col in block.columns:
                        cid = f"{table.id}.{row.id}.{col.id}"
                        if cid in cells:
                            raise FormError(f"单元格编号重复：{cid}")
                        cells[cid] = CellDef(cid, table.id, row, col)
        parts = tuple(self._part(p) for p in d["parts"])
        texts = self._texts(d.get("texts", {}), parts)
        for p in parts:
            if p.table and p.table not in tables:
                raise FormError(f"第{p.number}部分引用了不存在的表格 {p.table}")
        rules = tuple(self._rule(r) for r in d.get("rules", []))
        ids = [r.id for r in rules]
        if len(ids) != len(set(ids)):
            raise FormError("规则编号重复")
        relations = tuple(rel for r in rules if r.kind == "balance" for rel in self._relations(r, tables))
        for rel in relations:
            for term in rel.left + rel.right:
                if term.cell not in cells:
                    raise FormError(f"规则 {rel.rule.id} 引用了不存在的单元格 {term.cell}")
        for r in rules:
            self._check_rule_cells(r, cells, texts)
        formulas = self._formulas(relations)
        order = _topological(formulas)
        cells = {cid: (CellDef(c.id, c.table, c.row, c.column, True) if cid in formulas else c)
                 for cid, c in cells.items()}
        dependents = _dependents(formulas, order)
        carry = d.get("carry", {})
        links = []
        for spec in carry.get("cells", []):
            for values, names in _expand_over(spec.get("over"), tables):
                link = CarryLink(spec["to"].format(**values), spec["from"].format(**values))
                for cid in (link.to, link.source):
                    if cid not in cells:
                        raise FormError(f"上年结转引用了不存在的单元格 {cid}")
                links.append(link)
        renamed = dict(d.get("renamed", {}))
        for new in renamed.values():
            if new not in cells and new not in texts:
                raise FormError(f"改名后的编号 {new} 不存在")
        try:
            pattern = re.compile(d["title_pattern"])
        except re.error as exc:
            raise FormError(f"标题匹配式有误：{exc}") from exc
        return Form(
            id=d["format"], name=d.get("name", d["format"]), basis=d.get("basis", ""),
            title_template=d["title"], title_pattern=pattern, parts=parts, texts=texts,
            tables=tables, cells=cells, rules=rules, relations=relations, formulas=formulas,
            compute_order=order, dependents=dependents, carry_cells=tuple(links),
            carry_texts=bool(carry.get("texts", False)), renamed=renamed,
        )

    # -- tables

    def _column(self, c: dict[str, Any], default_kind: str = COUNT) -> Column:
        kind = c.get("kind", default_kind)
        if kind not in (COUNT, AMOUNT):
            raise FormError(f"列 {c['id']} 的数值类型 {kind} 未知")
        return Column(
            id=c["id"], label=c["label"], name=c.get("name", c.get("short", c["label"])),
            guidance=c.get("guidance", ""), group=c.get("group", ""), kind=kind,
            unit=c.get("unit", "万元" if kind == AMOUNT else "件"),
        )

    def _row(self, r: dict[str, Any]) -> Row:
        return Row(id=r["id"], label=r["label"], name=r.get("name", r.get("short", r["label"])),
                   guidance=r.get("guidance", ""), path=tuple(r.get("path", ())))

    def _table(self, tid: str, t: dict[str, Any]) -> Table:
        layout = t.get("layout", "grid")
        if layout not in _GRID_BUILDERS:
            raise FormError(f"表格 {tid} 的版式 {layout} 未知")
        if layout == "blocks":
            blocks = tuple(
                Block(columns=tuple(self._column(c) for c in b["columns"]),
                      rows=tuple(self._row(r) for r in b["rows"]),
                      title=b.get("title", ""), corner=b.get("corner", t.get("corner", "")))
                for b in t["blocks"])
        else:
            header = tuple(HeaderCell(h["text"], h["row"], h["col"], h.get("rowspan", 1), h.get("colspan", 1))
                           for h in t.get("header", []))
            blocks = (Block(columns=tuple(self._column(c) for c in t["columns"]),
                            rows=tuple(self._row(r) for r in t["rows"]), corner=t.get("corner", ""),
                            header=header, header_rows=t.get("header_rows", 1),
                            label_columns=t.get("label_columns", 0)),)
            _check_header(tid, blocks[0], layout)
        width = t.get("width", max(len(b.columns) for b in blocks))
        return Table(id=tid, number=t["number"], heading=t["heading"], layout=layout,
                     blocks=blocks, width=width)

    # -- parts and texts

    def _part(self, p: dict[str, Any]) -> Part:
        return Part(id=p["id"], number=p["number"], heading=p["heading"], texts=tuple(p.get("texts", ())),
                    table=p.get("table", ""), whole=p.get("whole", ""), match=tuple(p.get("match", ())),
                    guidance=p.get("guidance", ""))

    def _texts(self, raw: dict[str, Any], parts: tuple[Part, ...]) -> dict[str, TextField]:
        owner = {}
        for p in parts:
            for tid in p.texts + ((p.whole,) if p.whole else ()):
                owner[tid] = p.id
        texts = {}
        for tid, t in raw.items():
            if tid not in owner:
                raise FormError(f"文字部分 {tid} 不属于任何部分")
            texts[tid] = TextField(id=tid, heading=t["heading"], guidance=t.get("guidance", ""),
                                   match=tuple(t.get("match", ())), part=owner[tid], whole_of=t.get("whole_of", ""))
        for tid in owner:
            if tid not in texts:
                raise FormError(f"部分引用了未定义的文字部分 {tid}")
        return texts

    # -- rules

    def _rule(self, r: dict[str, Any]) -> Rule:
        if r.get("severity") not in SEVERITIES:
            raise FormError(f"规则 {r.get('id')} 的严重程度应为 error 或 warning")
        if r.get("kind") not in RULE_KINDS:
            raise FormError(f"规则 {r.get('id')} 的类型 {r.get('kind')} 未知")
        params = {k: v for k, v in r.items() if k not in ("id", "name", "severity", "kind")}
        if "message" not in params and r["kind"] != "values":
            raise FormError(f"规则 {r['id']} 没有提示文字 message")
        return Rule(id=str(r["id"]), name=r.get("name", ""), severity=r["severity"], kind=r["kind"], params=params)

    def _relations(self, rule: Rule, tables: dict[str, Table]) -> list[Relation]:
        p = rule.params
        out = []
        for values, names in _expand_over(p.get("over"), tables):
            left = tuple(_term(s.format(**values)) for s in p["left"])
            right = tuple(_term(s.format(**values)) for s in p["right"])
            if p.get("computes") and (len(left) != 1 or left[0].sign != 1 or left[0].last_year):
                raise FormError(f"规则 {rule.id}：计算公式的左边只能是一个本年单元格")
            out.append(Relation(rule, left, right, names))
        return out

    def _check_rule_cells(self, rule: Rule, cells: dict[str, CellDef], texts: dict[str, TextField]) -> None:
        p = rule.params
        named = list(p.get("cells", []))
        for pat in p.get("patterns", []):
            named += pat.get("cells", [])
            for alt in pat.get("alternatives", []):
                named += alt
            try:
                re.compile(pat["regex"])
            except re.error as exc:
                raise FormError(f"规则 {rule.id} 的匹配式有误：{exc}") from exc
        for cid in named:
            if cid not in cells:
                raise FormError(f"规则 {rule.id} 引用了不存在的单元格 {cid}")
        for tid in p.get("texts", []):
            if tid not in texts:
                raise FormError(f"规则 {rule.id} 引用了不存在的文字部分 {tid}")

    def _formulas(self, relations: tuple[Relation, ...]) -> dict[str, tuple[str, ...]]:
        formulas: dict[str, tuple[str, ...]] = {}
        for rel in relations:
            if rel.rule.params.get("computes"):
                target = rel.left[0].cell
                if any(t.sign != 1 or t.last_year for t in rel.right):
                    raise FormError(f"规则 {rel.rule.id}：计算公式只能是本年单元格之和")
                formulas.setdefault(target, tuple(t.cell for t in rel.right))
        return formulas


def _term(text: str) -> Term:
    sign = 1
    if text.startswith("-"):
        sign, text = -1, text[1:]
    last = text.startswith("last:")
    if last:
        text = text[len("last:"):]
    return Term(text, sign, last)


def _expand_over(over: Any, tables: dict[str, Table]) -> list[tuple[dict[str, str], dict[str, str]]]:
    """The bindings of ``{row}``/``{col}`` a rule runs over, with the printed names."""
    if over is None:
        return [({}, {})]
    if isinstance(over, list):
        names = {r.id: r.name for t in reversed(list(tables.values())) for r in t.rows}
        return [({"row": v}, {"row_name": names.get(v, v)}) for v in over]
    table_id, _, what = over.partition(".")
    if table_id not in tables or what not in ("rows", "columns"):
        raise FormError(f"规则的范围 {over} 无法识别")
    table = tables[table_id]
    if what == "rows":
        return [({"row": r.id}, {"row_name": r.name}) for r in table.rows]
    return [({"col": c.id}, {"col_name": c.name}) for c in table.columns]


def _topological(formulas: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    order: list[str] = []
    state: dict[str, int] = {}

    def visit(cid: str, chain: tuple[str, ...]) -> None:
        if state.get(cid) == 2:
            return
        if state.get(cid) == 1:
            raise FormError("计算公式循环引用：" + " → ".join(chain + (cid,)))
        state[cid] = 1
        for dep in formulas.get(cid, ()):
            if dep in formulas:
                visit(dep, chain + (cid,))
        state[cid] = 2
        order.append(cid)

    for cid in formulas:
        visit(cid, ())
    return tuple(order)


def _dependents(formulas: dict[str, tuple[str, ...]], order: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """For each cell, the computed cells to refresh (in order) when it changes."""
    direct: dict[str, set[str]] = {}
    for target, addends in formulas.items():
        for a in addends:
            direct.setdefault(a, set()).add(target)
    rank = {cid: i for i, cid in enumerate(order)}
    out = {}
    for start in direct:
        seen: set[str] = set()
        stack = [start]
        while stack:
            for t in direct.get(stack.pop(), ()):
                if t not in seen:
                    seen.add(t)
                    stack.append(t)
        out[start] = tuple(sorted(seen, key=rank.__getitem__))
    return out


def _check_header(tid: str, block: Block, layout: str) -> None:
    ncols = len(block.columns) * (len(block.rows) if layout == "single_row" else 1)
    covered: set[tuple[int, int]] = set()
    for h in block.header:
        for r in range(h.row, h.row + h.rowspan):
            for c in range(h.col, h.col + h.colspan):
                if (r, c) in covered or r >= block.header_rows or c >= ncols:
                    raise FormError(f"表格 {tid} 的表头单元格“{h.text}”位置重叠或越界")
                covered.add((r, c))
    if len(covered) != block.header_rows * ncols:
        raise FormError(f"表格 {tid} 的表头没有覆盖全部数字列")


# ----------------------------------------------------------------------------- grids


def _grid_blocks(table: Table) -> Grid:
    width = table.width
    cells: list[GridCell] = []
    r = 0
    for block in table.blocks:
        if block.title:
            cells.append(GridCell(r, 0, block.title, "title", colspan=width + 1))
            r += 1
        cells.append(GridCell(r, 0, block.corner, "corner"))
        for i, col in enumerate(block.columns):
            span = width - i if i == len(block.columns) - 1 else 1
            cells.append(GridCell(r, 1 + i, col.label, "header", colspan=span))
        r += 1
        for row in block.rows:
            cells.append(GridCell(r, 0, row.label, "label"))
            for i, col in enumerate(block.columns):
                span = width - i if i == len(block.columns) - 1 else 1
                cells.append(GridCell(r, 1 + i, "", "value", f"{table.id}.{row.id}.{col.id}", colspan=span))
            r += 1
    return Grid(rows=r, cols=width + 1, cells=tuple(cells), header_rows=0)


def _grid_rows(table: Table) -> Grid:
    block = table.blocks[0]
    lc, hr = block.label_columns, block.header_rows
    cells: list[GridCell] = []
    if lc:
        cells.append(GridCell(0, 0, block.corner, "corner", rowspan=hr, colspan=lc))
    for h in block.header:
        cells.append(GridCell(h.row, lc + h.col, h.text, "header", rowspan=h.rowspan, colspan=h.colspan))
    rows = block.rows
    for i, row in enumerate(rows):
        gr = hr + i
        if len(row.path) >= lc:
            raise FormError(f"表格 {table.id} 的行 {row.id} 标签层级超过 {lc} 列")
        for level, text in enumerate(row.path):
            if i > 0 and rows[i - 1].path[: level + 1] == row.path[: level + 1]:
                continue  # merged into the cell above
            span = 1
            while i + span < len(rows) and rows[i + span].path[: level + 1] == row.path[: level + 1]:
                span += 1
            cells.append(GridCell(gr, level, text, "label", rowspan=span))
        cells.append(GridCell(gr, len(row.path), row.label, "label", colspan=lc - len(row.path)))
        for j, col in enumerate(block.columns):
            cells.append(GridCell(gr, lc + j, "", "value", f"{table.id}.{row.id}.{col.id}"))
    return Grid(rows=hr + len(rows), cols=lc + len(block.columns), cells=tuple(cells), header_rows=hr)


def _grid_single_row(table: Table) -> Grid:
    block = table.blocks[0]
    hr = block.header_rows
    cells = [GridCell(h.row, h.col, h.text, "header", rowspan=h.rowspan, colspan=h.colspan) for h in block.header]
    j = 0
    for row in block.rows:
        for col in block.columns:
            cells.append(GridCell(hr, j, "", "value", f"{table.id}.{row.id}.{col.id}"))
            j += 1
    return Grid(rows=hr + 1, cols=j, cells=tuple(cells), header_rows=hr)


_GRID_BUILDERS = {"blocks": _grid_blocks, "grid": _grid_rows, "single_row": _grid_single_row}
