"""The report format as data: load and validate a form file from ``resources/forms``.

A :class:`Form` knows the parts, text fields, tables (with their printed header structure),
every cell with its id, kind and guidance, which cells are computed and from what, the
cross-check rules, and what carries over from last year.  Nothing here imports Qt, SQL or docx.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from . import parsed_cache
from .errors import FormError
from .resources import resource_path

DEFAULT_FORM = "gov-info-2021"
# The version of the form file's schema (formschema.py): bump when the schema changes, and the
# parsed-file cache's copies of older schemas are not used. Here, not in formschema.py, so that
# a start with a cached form never imports msgspec.
SCHEMA_VERSION = "4"
RULE_BASE_KEYS = ("id", "name", "severity", "kind")   # a rule's own keys; the rest are its parameters

COUNT = "count"
AMOUNT = "amount"


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
    total: bool = False               # the sum of the row's other columns
    aliases: tuple[str, ...] = ()     # other headers published copies print for it
    beside_top: bool = False          # may be printed beside the header cell over every column


class Row(NamedTuple):
    """A row of a table; ``path`` holds the merged label cells printed to its left."""

    id: str
    label: str
    name: str
    guidance: str = ""
    path: tuple[str, ...] = ()
    total_of: str = ""                # the sum of the rows under this printed label
    standalone: bool = False          # outside every total row, on purpose
    aliases: tuple[str, ...] = ()     # other words published copies print for its label


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
    row_id: str = ""     # a row's own label: the row's id (its guidance, its cells)


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
    label_widths: tuple[int, ...] = ()   # the wizard's label columns, logical px at 100 %
    value_width: int = 90
    pieces: tuple[tuple[str, ...], ...] = ()   # single_row: the tables a copy may print it as (row ids)

    @property
    def title(self) -> str:
        return f"{self.number}、{self.heading}"

    def cell_id(self, row: str, column: str) -> str:
        """The id of this table's cell in ``row`` and ``column``: ``t3.new.natural``."""
        return cell_id(self.id, row, column)

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
        return [self.cell_id(r.id, c.id) for b in self.blocks for r in b.rows for c in b.columns]

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


def cell_id(table: str, row: str, column: str) -> str:
    """A cell's id: ``<table>.<row>.<column>`` (interfaces.md); the column is the last part."""
    return f"{table}.{row}.{column}"


class Figure(NamedTuple):
    """A column of figures of the 汇总 workbook: the sum of ``cells``, or that sum divided by
    the sum of ``divided_by`` (a rate)."""

    name: str
    cells: tuple[str, ...]
    divided_by: tuple[str, ...] = ()

    @property
    def is_rate(self) -> bool:
        return bool(self.divided_by)


class Summary(NamedTuple):
    """What the 汇总 workbook of a folder of reports shows of each (``[summary]``)."""

    tables: tuple[str, ...] = ()       # summed over every report, laid out as printed
    figures: tuple[Figure, ...] = ()   # one column each on the 报告 sheet


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


@dataclass(eq=False, repr=False)   # compared by identity; its repr would be pages long
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
    version: int = 1
    changes: dict[str, Any] | None = None   # what this version changed from the one before
    summary: Summary = Summary()
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


def form_path(form_id: str = DEFAULT_FORM, version: int | None = None) -> Path:
    """The file of a form among the program's resources: its newest version, or ``version``.

    Version 1 is ``<id>.toml``, a later one ``<id>.v<N>.toml``."""
    versions = shipped_versions(form_id)
    if not versions:
        return resource_path("forms", f"{form_id}.toml")   # not there: the caller says so
    if version is None:
        return versions[max(versions)]
    return versions.get(version, resource_path("forms", f"{form_id}.v{version}.toml"))


FORMS_ENV = "REPORTDESK_FORMS"


_EXTRA_FOLDERS: list[Path] = []   # the forms folder beside the draft database in use


def form_folders() -> list[Path]:
    """Where form files are found: ``$REPORTDESK_FORMS`` (folders, separated as in PATH) first,
    then ``forms`` beside the draft database (where ``drafts upgrade --form`` keeps a revised
    format published before the program is updated), then the program's own."""
    extra = [Path(p).expanduser() for p in os.environ.get(FORMS_ENV, "").split(os.pathsep) if p.strip()]
    return extra + _EXTRA_FOLDERS + [resource_path("forms")]


def use_forms_from(folder: Path) -> None:
    """Also read form files from ``folder`` (the draft database's ``forms`` folder)."""
    if folder not in _EXTRA_FOLDERS:
        _EXTRA_FOLDERS.insert(0, folder)
        _load_form.cache_clear()


def stop_using_forms_from(folder: Path) -> None:
    """No longer read form files from ``folder`` (its draft database is closed)."""
    if folder in _EXTRA_FOLDERS:
        _EXTRA_FOLDERS.remove(folder)
        _load_form.cache_clear()


def keep_form_file(form: Form, folder: Path) -> Path:
    """Copy a form file (a version the program does not ship) into ``folder`` under the name
    that makes it found (``<id>.v<N>.toml``), so that drafts moved to it open again."""
    import shutil

    name = f"{form.id}.toml" if form.version == 1 else f"{form.id}.v{form.version}.toml"
    target = folder / name
    if form.source is not None and form.source.resolve() != target.resolve():
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(form.source, target)
    use_forms_from(folder)
    _load_form.cache_clear()
    return target


def shipped_versions(form_id: str) -> dict[int, Path]:
    """The versions of a form the program can read, by number (an earlier folder wins)."""
    found: dict[int, Path] = {}
    for folder in reversed(form_folders()):
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            if name == f"{form_id}.toml":
                found[1] = folder / name
            elif name.startswith(f"{form_id}.v") and name.endswith(".toml") and name[len(form_id) + 2:-5].isdigit():
                found[int(name[len(form_id) + 2:-5])] = folder / name
    return found


def newest_version(form_id: str) -> int:
    """The newest version of a form the program can read (1 when it knows no file of it)."""
    return max(shipped_versions(form_id), default=1)


def load_form(form_id: str = DEFAULT_FORM, version: int | None = None) -> Form:
    """Load (once) and validate a form shipped with the program: its newest version, or ``version``.

    Its parsed and validated contents are kept between runs (:mod:`reportdesk.parsed_cache`).
    """
    return _load_form(form_id, version)


@cache
def _load_form(form_id: str, version: int | None) -> Form:
    path = form_path(form_id, version)
    if not path.is_file():
        what = f"第 {version} 版" if version else ""
        raise FormError(f"没有格式“{form_id}”{what}的定义文件")
    form = load_form_file(path, cached_as=f"form-{path.stem}")
    if form.id != form_id or (version is not None and form.version != version):
        raise FormError(f"格式定义文件 {path} 写的是“{form.id}”第 {form.version} 版，不是文件名所说的版本")
    return form


def forget_loaded_forms() -> None:
    """Read the form files again at the next load (after ``$REPORTDESK_FORMS`` changed)."""
    _load_form.cache_clear()


def load_form_file(path: Path, cached_as: str | None = None) -> Form:
    """Load and validate a form file; every mistake in it is listed in a :class:`FormProblems`.

    With ``cached_as``, the validated contents are kept between runs under that name.
    """
    try:
        data = parsed_cache.load_toml(path, cached_as, normalize=_normalize, version=SCHEMA_VERSION)
    except FormProblems as exc:
        exc.path = path
        raise FormProblems(exc.problems, path) from None
    except (OSError, ValueError) as exc:  # tomllib.TOMLDecodeError and UnicodeDecodeError are ValueErrors
        raise FormProblems([_problem(f"无法读取：{exc}")], path) from None
    form = build_form(data, path, normalized=True)
    form.source = path
    return form


def _normalize(data: dict[str, Any], text: str) -> dict[str, Any]:
    """Contents checked against the schema and by the builder (ids, totals), every mistake
    listed with its line; only a form without any is kept in the parsed-file cache."""
    from .formschema import check

    normalized, problems = check(data, text)
    if normalized is not None:
        builder = _FormBuilder(normalized)
        try:
            builder.build()
        except (KeyError, TypeError, ValueError) as exc:
            builder.problem(f"内容有误：{exc!r}")
        problems += builder.problems
    if problems:
        raise FormProblems([p.located(text) for p in problems])
    return normalized


def _problem(message: str, where: str = "", line: int | None = None, find: tuple[str, ...] = ()):
    from .formschema import Problem

    return Problem(message, where, line, find=find)


class FormProblems(FormError):
    """A form file with mistakes; ``problems`` lists every one (line, place, what)."""

    def __init__(self, problems: list, path: Path | None = None):
        self.problems = list(problems)
        self.path = path
        where = f"格式定义文件 {path}" if path else "格式定义文件"
        super().__init__(f"{where}有{len(self.problems)}处错误：\n" + "\n".join(f"  {p}" for p in self.problems))


def build_form(data: dict[str, Any], path: Path | None = None, *, normalized: bool = False) -> Form:
    """Build a :class:`Form` from a form file's parsed contents: checked against the schema
    (:func:`formschema.normalize`, unless ``normalized``), then for what the schema cannot see —
    that every id named exists, that every row feeds its total."""
    if not normalized:
        try:
            data = _normalize(data, "")
        except FormProblems as exc:
            raise FormProblems(exc.problems, path) from None
    builder = _FormBuilder(data)
    try:
        form = builder.build()
    except (KeyError, TypeError, ValueError) as exc:   # contents that skipped the schema (a test's dict)
        raise FormProblems([*builder.problems, _problem(f"内容有误：{exc!r}")], path) from exc
    if builder.problems:
        raise FormProblems(builder.problems, path)
    return form


class _FormBuilder:
    def __init__(self, data: dict[str, Any]):
        self.data = data
        self.problems: list = []

    def problem(self, message: str, where: str = "", find: tuple[str, ...] = ()) -> None:
        """A mistake; ``find``: texts that lead to its line (a table's header, then a row's id)."""
        self.problems.append(_problem(message, where, find=find))

    def build(self) -> Form:
        d = self.data
        tables = {tid: self._table(tid, t) for tid, t in d["tables"].items()}
        cells: dict[str, CellDef] = {}
        for table in tables.values():
            for block in table.blocks:
                for row in block.rows:
                    for col in block.columns:
                        cid = table.cell_id(row.id, col.id)
                        if cid in cells:
                            self.problem(f"单元格编号重复：{cid}", f"tables.{table.id}",
                                         (f"[tables.{table.id}", f'id = "{row.id}"'))
                        cells[cid] = CellDef(cid, table.id, row, col)
        parts = tuple(self._part(p) for p in d["parts"])
        texts = self._texts(d["texts"], parts)
        for p in parts:
            if p.table and p.table not in tables:
                self.problem(f"第{p.number}部分引用了不存在的表格 {p.table}", f"parts.{p.id}")
        formulas = self._structure_formulas(tables)
        rules = tuple(self._rule(r) for r in d["rules"])
        ids = [r.id for r in rules]
        for dup in sorted({i for i in ids if ids.count(i) > 1}):
            self.problem(f"规则编号 {dup} 重复", "rules")
        relations = tuple(rel for r in rules if r.kind == "balance" for rel in self._relations(r, tables, formulas))
        for rel in relations:
            for term in rel.left + rel.right:
                if term.cell not in cells:
                    self.problem(f"规则 {rel.rule.id} 引用了不存在的单元格 {term.cell}", f"rules.{rel.rule.id}",
                                 ("[[rules]]", f'id = "{rel.rule.id}"'))
        for r in rules:
            self._check_rule_cells(r, cells, texts, tables)
        order = _topological(formulas)
        cells = {cid: (c._replace(computed=True) if cid in formulas else c) for cid, c in cells.items()}
        dependents = _dependents(formulas, order)
        links = []
        for spec in d["carry"]["cells"]:
            for values, names in self._expand(spec["over"], tables, "carry"):
                link = CarryLink(spec["to"].format(**values), spec["from"].format(**values))
                for cid in (link.to, link.source):
                    if cid not in cells:
                        self.problem(f"上年结转引用了不存在的单元格 {cid}", "carry.cells")
                links.append(link)
        renamed = dict(d["renamed"])
        changes = d["changes"]
        if changes:
            for old, new in changes["renamed"].items():   # a row id stands for each cell of the row
                if new in cells or new in texts:
                    renamed[old] = new
                for cid in _row_cells(new, cells):
                    renamed[f"{old}.{cid.rpartition('.')[2]}"] = cid
            self._check_changes(changes, d["version"], cells, texts)
        for new in renamed.values():
            if new not in cells and new not in texts:
                self.problem(f"改名后的编号 {new} 不存在", "renamed")
        try:
            pattern = re.compile(d["title_pattern"])
        except re.error as exc:
            self.problem(f"标题匹配式有误：{exc}", "title_pattern")
            pattern = re.compile("$^")
        return Form(
            id=d["format"], name=d["name"] or d["format"], basis=d["basis"],
            title_template=d["title"], title_pattern=pattern, parts=parts, texts=texts,
            tables=tables, cells=cells, rules=rules, relations=relations, formulas=formulas,
            compute_order=order, dependents=dependents, carry_cells=tuple(links),
            carry_texts=d["carry"]["texts"], renamed=renamed, version=d["version"], changes=changes,
            summary=self._summary(d["summary"], tables, cells),
        )

    def _summary(self, s: dict[str, Any], tables: dict[str, Table], cells: dict[str, CellDef]) -> Summary:
        for tid in s["tables"]:
            if tid not in tables:
                self.problem(f"summary.tables 引用了不存在的表格 {tid}", "summary.tables", ("[summary]", "tables"))
        figures = tuple(Figure(f["name"], tuple(f["cells"]), tuple(f["divided_by"])) for f in s["figures"])
        for f in figures:
            for cid in f.cells + f.divided_by:
                if cid not in cells:
                    self.problem(f"汇总列“{f.name}”引用了不存在的单元格 {cid}", "summary.figures",
                                 ("[summary]", cid))
        return Summary(tuple(s["tables"]), figures)

    # -- tables

    def _column(self, c: dict[str, Any]) -> Column:
        kind = c["kind"]
        return Column(
            id=c["id"], label=c["label"], name=c["name"] or c["short"] or c["label"],
            guidance=c["guidance"], group=c["group"], kind=kind,
            unit=c["unit"] or ("万元" if kind == AMOUNT else "件"), total=c["total"], aliases=tuple(c["aliases"]),
            beside_top=c["beside_top"],
        )

    def _row(self, r: dict[str, Any]) -> Row:
        return Row(id=r["id"], label=r["label"], name=r["name"] or r["short"] or r["label"],
                   guidance=r["guidance"], path=tuple(r["path"]), total_of=r["total_of"], standalone=r["standalone"],
                   aliases=tuple(r["aliases"]))

    def _table(self, tid: str, t: dict[str, Any]) -> Table:
        layout = t["layout"]
        if layout == "blocks":
            blocks = tuple(
                Block(columns=tuple(self._column(c) for c in b["columns"]),
                      rows=tuple(self._row(r) for r in b["rows"]),
                      title=b["title"], corner=b["corner"] or t["corner"])
                for b in t["blocks"])
            if not blocks:
                self.problem("版式为 blocks 的表格至少要有一个块（[[tables.…blocks]]）", f"tables.{tid}")
                blocks = (Block((), ()),)
        else:
            header = tuple(HeaderCell(h["text"], h["row"], h["col"], h["rowspan"], h["colspan"]) for h in t["header"])
            blocks = (Block(columns=tuple(self._column(c) for c in t["columns"]),
                            rows=tuple(self._row(r) for r in t["rows"]), corner=t["corner"],
                            header=header, header_rows=t["header_rows"], label_columns=t["label_columns"]),)
            problem = _check_header(tid, blocks[0], layout)
            if problem:
                self.problem(problem, f"tables.{tid}.header")
        width = t["width"] or max((len(b.columns) for b in blocks), default=0)
        display = t["display"]
        return Table(id=tid, number=t["number"], heading=t["heading"], layout=layout, blocks=blocks, width=width,
                     label_widths=tuple(display["label_widths"]), value_width=display["value_width"],
                     pieces=self._pieces(tid, t["pieces"], layout, blocks))

    def _pieces(self, tid: str, pieces: list[list[str]], layout: str, blocks: tuple[Block, ...]):
        """The tables a copy may print a single_row table as: each a run of its rows."""
        if pieces and layout != "single_row":
            self.problem("pieces 只用于版式为 single_row 的表格", f"tables.{tid}.pieces", (f"[tables.{tid}]", "pieces"))
            return ()
        rows = [r.id for b in blocks for r in b.rows]
        seen: list[str] = []
        for piece in pieces:
            for rid in piece:
                if rid not in rows:
                    self.problem(f"pieces 中的 {rid} 不是表格 {tid} 的行", f"tables.{tid}.pieces",
                                 (f"[tables.{tid}]", "pieces"))
                elif rid in seen:
                    self.problem(f"行 {rid} 在 pieces 中出现了不止一次", f"tables.{tid}.pieces",
                                 (f"[tables.{tid}]", "pieces"))
                seen.append(rid)
        return tuple(tuple(p) for p in pieces if p)

    def _structure_formulas(self, tables: dict[str, Table]) -> dict[str, tuple[str, ...]]:
        """The computed cells, from the tables' structure: a ``total`` column is the sum of its
        row's other columns; a ``total_of`` row the sum of the rows printed under that label.
        A row of such a table that no total counts must say so (``standalone``): a row added to
        the form and forgotten by its total is refused, never silently left out."""
        formulas: dict[str, tuple[str, ...]] = {}
        for table in tables.values():
            for block in table.blocks:
                totals = [c for c in block.columns if c.total]
                if len(totals) > 1:
                    self.problem("一个表格（块）只能有一个 total = true 的列", f"tables.{table.id}.columns")
                for total in totals[:1]:
                    addends = [c for c in block.columns if not c.total]
                    for row in block.rows:
                        formulas[table.cell_id(row.id, total.id)] = tuple(table.cell_id(row.id, c.id) for c in addends)
                total_rows = [r for r in block.rows if r.total_of]
                for total in total_rows:
                    fed = _fed_rows(block, total)
                    if not fed:
                        self.problem(f"总计行“{total.label}”的 total_of = “{total.total_of}”下面没有任何行",
                                     f"tables.{table.id}.rows.{total.id}")
                    for col in block.columns:
                        cid = table.cell_id(total.id, col.id)
                        if cid not in formulas:   # a total column's total row: the row's sum already
                            formulas[cid] = tuple(table.cell_id(r.id, col.id) for r in fed)
                if total_rows:
                    groups = {r.total_of for r in total_rows}
                    for row in block.rows:
                        if not row.total_of and not row.standalone and row.path[:1] not in {(g,) for g in groups}:
                            self.problem(f"行“{row.label}”（{row.id}）不属于任何总计行：把它放到总计行所计的"
                                         f"“{'”或“'.join(sorted(groups))}”之下（path），或者写明 standalone = true",
                                         f"tables.{table.id}.rows.{row.id}",
                                         (f"[tables.{table.id}", f'id = "{row.id}"'))
        return formulas

    # -- parts and texts

    def _part(self, p: dict[str, Any]) -> Part:
        return Part(id=p["id"], number=p["number"], heading=p["heading"], texts=tuple(p["texts"]),
                    table=p["table"], whole=p["whole"], match=tuple(p["match"]), guidance=p["guidance"])

    def _texts(self, raw: dict[str, Any], parts: tuple[Part, ...]) -> dict[str, TextField]:
        owner = {}
        for p in parts:
            for tid in p.texts + ((p.whole,) if p.whole else ()):
                owner[tid] = p.id
        texts = {}
        for tid, t in raw.items():
            if tid not in owner:
                self.problem(f"文字部分 {tid} 不属于任何部分", f"texts.{tid}")
            texts[tid] = TextField(id=tid, heading=t["heading"], guidance=t["guidance"], match=tuple(t["match"]),
                                   part=owner.get(tid, ""), whole_of=t["whole_of"])
        for tid in owner:
            if tid not in texts:
                self.problem(f"部分引用了未定义的文字部分 {tid}", "parts")
        return texts

    # -- rules

    def _rule(self, r: dict[str, Any]) -> Rule:
        params = {k: v for k, v in r.items() if k not in RULE_BASE_KEYS}
        return Rule(id=str(r["id"]), name=r["name"], severity=r["severity"], kind=r["kind"], params=params)

    def _relations(self, rule: Rule, tables: dict[str, Table], formulas: dict[str, tuple[str, ...]]) -> list[Relation]:
        p = rule.params
        out = []
        for values, names in self._expand(p["over"], tables, f"rules.{rule.id}"):
            left = tuple(_term(s.format(**values)) for s in p["left"])
            if p["right"] in ("columns", "rows"):
                addends = _addends(tables, left[0].cell, p["right"]) if len(left) == 1 else None
                if addends is None:
                    self.problem(f"规则 {rule.id}：right = \"{p['right']}\" 的左边应是一个"
                                 f"{'总计列' if p['right'] == 'columns' else '总计行'}的单元格，"
                                 f"{'、'.join(t.cell for t in left)} 不是", f"rules.{rule.id}")
                    continue
                right = tuple(Term(c) for c in addends)
            else:
                right = tuple(_term(s.format(**values)) for s in p["right"])
            out.append(Relation(rule, left, right, names))
        return out

    def _expand(self, over: Any, tables: dict[str, Table], where: str) -> list[tuple[dict[str, str], dict[str, str]]]:
        try:
            return _expand_over(over, tables)
        except FormError as exc:
            self.problem(exc.message, where)
            return []

    def _check_rule_cells(self, rule: Rule, cells: dict[str, CellDef], texts: dict[str, TextField],
                          tables: dict[str, Table]) -> None:
        p = rule.params
        named = list(p.get("cells", []))
        for pat in p.get("patterns", []):
            named += pat["cells"]
            for alt in pat["alternatives"]:
                named += alt
            try:
                re.compile(pat["regex"])
            except re.error as exc:
                self.problem(f"规则 {rule.id} 的匹配式有误：{exc}", f"rules.{rule.id}")
        for cid in named:
            if cid not in cells:
                self.problem(f"规则 {rule.id} 引用了不存在的单元格 {cid}", f"rules.{rule.id}",
                             ("[[rules]]", f'id = "{rule.id}"'))
        for tid in p.get("texts", []):
            if tid not in texts:
                self.problem(f"规则 {rule.id} 引用了不存在的文字部分 {tid}", f"rules.{rule.id}")
        if isinstance(p.get("at_least"), dict):
            for tid in p["at_least"]:
                if tid not in tables:
                    self.problem(f"规则 {rule.id} 的 at_least 引用了不存在的表格 {tid}", f"rules.{rule.id}")

    def _check_changes(self, changes: dict[str, Any], version: int, cells: dict[str, CellDef],
                       texts: dict[str, TextField]) -> None:
        """The map from the version before names new ids this version has."""
        if changes["from_version"] >= version:
            self.problem(f"changes.from_version（{changes['from_version']}）应小于本版本号 {version}", "changes")
        here = cells.keys() | texts.keys()
        targets = list(changes["renamed"].values()) + list(changes["merged"]) + \
            [n for news in changes["split"].values() for n in news]
        for new in targets:
            if new not in here and not _row_cells(new, cells):
                self.problem(f"changes 中的新编号 {new} 在本版本中不存在", "changes", ("[changes]", new))
        for old in changes["removed"]:
            if old in here or _row_cells(old, cells):
                self.problem(f"changes.removed 中的 {old} 在本版本中仍然存在", "changes", ("[changes]", old))


def _row_cells(row_id: str, cells: dict[str, Any]) -> list[str]:
    """The cells of a row given by its id (``t3.refused.repeat``): a changes map may name rows."""
    return [cid for cid in cells if cid.rpartition(".")[0] == row_id]


def _fed_rows(block: Block, total: Row) -> list[Row]:
    """The rows a ``total_of`` row counts: those printed under its label."""
    return [r for r in block.rows if r.path[:1] == (total.total_of,) and not r.total_of]


def _addends(tables: dict[str, Table], cid: str, kind: str) -> tuple[str, ...] | None:
    """The cells a total cell sums by the table's structure: ``columns`` — its row's other
    columns (it is in a total column); ``rows`` — the rows its total row counts. None if it is
    not such a cell."""
    table_id, _, rest = cid.partition(".")
    row_id, _, col_id = rest.rpartition(".")
    table = tables.get(table_id)
    for block in table.blocks if table else ():
        row = next((r for r in block.rows if r.id == row_id), None)
        col = next((c for c in block.columns if c.id == col_id), None)
        if row is None or col is None:
            continue
        if kind == "columns" and col.total:
            return tuple(table.cell_id(row_id, c.id) for c in block.columns if not c.total)
        if kind == "rows" and row.total_of:
            return tuple(table.cell_id(r.id, col_id) for r in _fed_rows(block, row))
    return None


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


def _check_header(tid: str, block: Block, layout: str) -> str:
    """Why a table's printed header does not fit its number columns ("" when it does)."""
    ncols = len(block.columns) * (len(block.rows) if layout == "single_row" else 1)
    covered: set[tuple[int, int]] = set()
    for h in block.header:
        for r in range(h.row, h.row + h.rowspan):
            for c in range(h.col, h.col + h.colspan):
                if (r, c) in covered or r >= block.header_rows or c >= ncols:
                    return f"表格 {tid} 的表头单元格“{h.text}”位置重叠或越界"
                covered.add((r, c))
    if block.header and len(covered) != block.header_rows * ncols:
        return f"表格 {tid} 的表头没有覆盖全部数字列"
    return ""


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
            cells.append(GridCell(r, 0, row.label, "label", row_id=row.id))
            for i, col in enumerate(block.columns):
                span = width - i if i == len(block.columns) - 1 else 1
                cells.append(GridCell(r, 1 + i, "", "value", table.cell_id(row.id, col.id), colspan=span))
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
        cells.append(GridCell(gr, len(row.path), row.label, "label", colspan=lc - len(row.path), row_id=row.id))
        for j, col in enumerate(block.columns):
            cells.append(GridCell(gr, lc + j, "", "value", table.cell_id(row.id, col.id)))
    return Grid(rows=hr + len(rows), cols=lc + len(block.columns), cells=tuple(cells), header_rows=hr)


def _grid_single_row(table: Table) -> Grid:
    block = table.blocks[0]
    hr = block.header_rows
    cells = [GridCell(h.row, h.col, h.text, "header", rowspan=h.rowspan, colspan=h.colspan) for h in block.header]
    j = 0
    for row in block.rows:
        for col in block.columns:
            cells.append(GridCell(hr, j, "", "value", table.cell_id(row.id, col.id)))
            j += 1
    return Grid(rows=hr + 1, cols=j, cells=tuple(cells), header_rows=hr)


_GRID_BUILDERS = {"blocks": _grid_blocks, "grid": _grid_rows, "single_row": _grid_single_row}
