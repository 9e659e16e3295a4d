"""The schema of a form file: every key it may hold, with its type and default (msgspec).

A key the schema does not know is refused — a misspelt ``comptues = true`` or ``gudiance``
must not pass silently — with the file, the line and the nearest valid key. Validation gives
back the file's contents with every default filled in, so that the form builder reads each
key directly; the normalised contents are what the parsed-file cache keeps (a start with an
unchanged form file imports neither tomllib nor msgspec).
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import re
from dataclasses import dataclass
from typing import Any, Literal, Union

import msgspec
from msgspec import Struct

from .form import RULE_BASE_KEYS, SCHEMA_VERSION  # noqa: F401 - kept where a start needs no msgspec



class _Spec(Struct, kw_only=True, forbid_unknown_fields=True):
    """Every part of a form file: keyword fields, unknown keys refused."""


# -- tables


class ColumnSpec(_Spec, kw_only=True):
    id: str
    label: str
    short: str = ""                  # the label where space is short
    name: str = ""                   # the name in messages (default: short, else label)
    guidance: str = ""
    group: str = ""                  # a printed group heading over several columns (法人或其他组织)
    kind: Literal["count", "amount"] = "count"
    unit: str = ""                   # default: 件 for counts, 万元 for amounts
    total: bool = False              # the sum of the row's other columns (computed in a draft)
    aliases: list[str] = []          # other words published copies print for this column's header
    beside_top: bool = False         # copies may print it beside the header cell over every column, not under it


class RowSpec(_Spec, kw_only=True):
    id: str
    label: str
    short: str = ""
    name: str = ""
    guidance: str = ""
    path: list[str] = []             # the merged label cells printed left of the row's own label
    total_of: str = ""               # the sum of the rows whose path starts with this label
    standalone: bool = False         # outside every total row of its table, on purpose
    aliases: list[str] = []          # other words published copies print for this row's label


class HeaderSpec(_Spec, kw_only=True):
    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


class BlockSpec(_Spec, kw_only=True):
    title: str = ""
    corner: str = ""
    columns: list[ColumnSpec]
    rows: list[RowSpec]


class DisplaySpec(_Spec, kw_only=True):
    """How the wizard sizes a table's grid (logical pixels at 100 %)."""

    label_widths: list[int] = []     # the label columns, left to right
    value_width: int = 90            # each number column


class TableSpec(_Spec, kw_only=True):
    number: str
    heading: str
    layout: Literal["blocks", "grid", "single_row"] = "grid"
    corner: str = ""
    width: int = 0                   # blocks: number columns of the widest block
    label_columns: int = 0
    header_rows: int = 1
    header: list[HeaderSpec] = []
    columns: list[ColumnSpec] = []
    rows: list[RowSpec] = []
    blocks: list[BlockSpec] = []
    display: DisplaySpec = msgspec.field(default_factory=DisplaySpec)
    # single_row: the tables a published copy may print it as, each the row ids it holds
    # (表四 as 行政复议 | 行政诉讼); a copy printed in other pieces is not guessed at
    pieces: list[list[str]] = []


# -- parts and texts


class PartSpec(_Spec, kw_only=True):
    id: str
    number: str
    heading: str
    texts: list[str] = []
    table: str = ""
    whole: str = ""
    match: list[str] = []
    guidance: str = ""


class TextSpec(_Spec, kw_only=True):
    heading: str
    guidance: str = ""
    match: list[str] = []
    whole_of: str = ""


# -- rules (the kind names the parameters a rule takes)


class _Rule(_Spec, tag_field="kind", kw_only=True):
    id: str
    name: str = ""
    severity: Literal["error", "warning"]
    needs_last_year: bool = False


class BalanceRule(_Rule, tag="balance", kw_only=True):
    over: Union[str, list[str], None] = None
    left: list[str]
    # "columns": the left cell's row, its other columns; "rows": the rows its total row counts
    right: Union[list[str], Literal["columns", "rows"]]
    message: str


class ValuesRule(_Rule, tag="values", kw_only=True):
    message_blank: str
    message_invalid: str


class PatternSpec(_Spec, kw_only=True):
    regex: str
    cells: list[str]
    what: str
    value: Union[int, None] = None
    alternatives: list[list[str]] = []


class ProseNumbersRule(_Rule, tag="prose_numbers", kw_only=True):
    message: str
    patterns: list[PatternSpec]


class StaleYearRule(_Rule, tag="stale_year", kw_only=True):
    message: str
    message_carried: str
    message_same_facts: str = ""     # an edited text still with last year's numbers and years ("" = not checked)
    allowed_before: list[str] = []
    allowed_after: list[str] = []


class ThresholdRule(_Rule, tag="threshold", kw_only=True):
    message: str
    cells: list[str] = []
    at_least: Union[float, dict[str, float]]


class TextMentionsRule(_Rule, tag="text_mentions", kw_only=True):
    message: str
    texts: list[str]
    any_of: list[str]


class RatioRule(_Rule, tag="ratio", kw_only=True):
    message: str
    cells: list[str]
    factor: float
    at_least: float = 0


class UnknownCellsRule(_Rule, tag="unknown_cells", kw_only=True):
    message: str


class TextsPresentRule(_Rule, tag="texts_present", kw_only=True):
    message: str


class SilentProblemsRule(_Rule, tag="silent_problems", kw_only=True):
    """Part 五 saying nothing (``nothing``) while ``cells`` hold a number or ``texts`` name one
    of ``words`` (rule 16)."""
    message: str
    text: str
    nothing: list[str]
    cells: list[str]
    cells_what: str
    texts: list[str]
    words: list[str]
    words_what: str


RuleSpec = Union[BalanceRule, ValuesRule, ProseNumbersRule, StaleYearRule, ThresholdRule, TextMentionsRule,
                 RatioRule, UnknownCellsRule, TextsPresentRule, SilentProblemsRule]
RULE_KINDS = tuple(m.__struct_config__.tag for m in RuleSpec.__args__)


# -- carrying from last year, and versions


class CarryCellSpec(_Spec, kw_only=True):
    to: str
    from_: str = msgspec.field(name="from")
    over: Union[str, list[str], None] = None


class CarrySpec(_Spec, kw_only=True):
    cells: list[CarryCellSpec] = []
    texts: bool = False


class ChangesSpec(_Spec, kw_only=True):
    """What a version of a form changed from the version before (``drafts upgrade``)."""

    from_version: int
    renamed: dict[str, str] = {}          # old id → new id (cells and texts)
    merged: dict[str, list[str]] = {}     # new id → the old ids whose values it sums
    split: dict[str, list[str]] = {}      # old id → the new ids that divide it (its value cannot be divided: dropped)
    removed: list[str] = []               # old ids with no place in this version (values dropped)


# -- the 汇总 workbook of a folder of reports


class FigureSpec(_Spec, kw_only=True):
    """A column of the 汇总's 报告 sheet: the sum of ``cells`` (blank when any is blank), or with
    ``divided_by`` that sum divided by the sum of those cells, shown as a percentage."""

    name: str
    cells: list[str]
    divided_by: list[str] = []


class SummarySpec(_Spec, kw_only=True):
    tables: list[str] = []           # the tables summed over every report (sheet 表三表四合计)
    figures: list[FigureSpec] = []   # the 报告 sheet's columns of figures, one a report


class FormSpec(_Spec, kw_only=True):
    format: str
    version: int = 1
    name: str = ""
    basis: str = ""
    title: str
    title_pattern: str
    parts: list[PartSpec]
    texts: dict[str, TextSpec] = {}
    tables: dict[str, TableSpec]
    carry: CarrySpec = msgspec.field(default_factory=CarrySpec)
    summary: SummarySpec = msgspec.field(default_factory=SummarySpec)
    rules: list[RuleSpec] = []
    renamed: dict[str, str] = {}
    changes: Union[ChangesSpec, None] = None


# -- validation


@dataclass
class Problem:
    """One thing wrong in a form file, as ``form check`` lists it."""

    message: str
    where: str = ""       # the place in the file's structure: tables.t3.rows[4]
    line: int | None = None
    unknown: bool = False  # a key left out (unknown, or a wrong value with a default): the rest still checkable
    find: tuple[str, ...] = ()  # texts to look for, one after the other, to find the line

    def located(self, text: str) -> Problem:
        """With its line, found in the file's text from ``find``."""
        if self.line is not None or not self.find or not text:
            return self
        lines, at = text.splitlines(), 0
        for anchor in self.find:
            at = next((i for i in range(at, len(lines)) if anchor in lines[i]), None)
            if at is None:
                return self
        return dataclasses.replace(self, line=at + 1)

    def __str__(self) -> str:
        place = f"第{self.line}行" if self.line else ""
        where = f"（{self.where}）" if self.where else ""
        return f"{place}{where}：{self.message}" if place or where else self.message


def normalize(data: dict[str, Any], text: str = "") -> dict[str, Any]:
    """The file's contents validated against the schema, every default filled in.

    Raises :class:`SchemaProblems` listing every mistake: each unknown key (with its line in
    ``text`` and the nearest valid key), each missing key, each value of the wrong type.
    """
    normalized, problems = check(data, text)
    if problems:
        raise SchemaProblems(problems, normalized)
    return normalized


def check(data: dict[str, Any], text: str = "") -> tuple[dict[str, Any] | None, list[Problem]]:
    """Every mistake against the schema, and the contents normalised as if the unknown keys were
    not there (None when there are other mistakes too): so that what the schema cannot see
    (ids, totals) can be checked and listed at the same time."""
    problems: list[Problem] = []
    data = _copy(data)
    _walk(data, FormSpec, [], problems, text)
    if any(not p.unknown for p in problems):
        return None, problems
    try:
        return _builtins(msgspec.convert(data, FormSpec)), problems
    except msgspec.ValidationError as exc:   # what the walk cannot see (none known)
        return None, problems + [Problem(_translate(str(exc)))]


def _walk(value: Any, spec: Any, path: list, problems: list[Problem], text: str) -> None:
    """Check ``value`` against ``spec`` all the way down, recording every mistake."""
    import typing

    spec = _pick(spec, value)
    origin = typing.get_origin(spec)
    if isinstance(spec, type) and issubclass(spec, Struct):
        if not isinstance(value, dict):
            problems.append(Problem(f"应为一组键值（表），实际是 {_type_name(value)}", _show(path), _locate(text, path, None)))
            return
        tag_field = spec.__struct_config__.tag_field
        fields, hints = _fields(spec)
        for key in [k for k in value if k not in fields and k != tag_field]:
            problems.append(Problem(_unknown_message(key, list(fields)), _show(path), _locate(text, path, key),
                                    unknown=True))
            del value[key]
        for name, f in fields.items():
            if name in value:
                before = len(problems)
                _walk(value[name], hints[f.name], path + [name], problems, text)
                if len(problems) > before and not f.required and problems[-1].where == _show(path + [name]):
                    # a wrong value where a default exists: said, and the rest checked as if it
                    # were not there
                    problems[-1] = dataclasses.replace(problems[-1], unknown=True)
                    del value[name]
            elif f.required:
                problems.append(Problem(f"缺少必需的键“{name}”", _show(path), _locate(text, path, None)))
        return
    if origin is list:
        if not isinstance(value, list):
            problems.append(Problem(f"应为一个数组（[…]），实际是 {_type_name(value)}", _show(path),
                                    _locate(text, path[:-1], str(path[-1]) if path else None)))
            return
        for i, item in enumerate(value):
            _walk(item, typing.get_args(spec)[0], path + [i], problems, text)
        return
    if origin is dict:
        if not isinstance(value, dict):
            problems.append(Problem(f"应为一组键值（表），实际是 {_type_name(value)}", _show(path),
                                    _locate(text, path, None)))
            return
        for key, item in value.items():
            _walk(item, typing.get_args(spec)[1], path + [key], problems, text)
        return
    try:
        msgspec.convert(value, spec)
    except msgspec.ValidationError as exc:
        message = _translate(str(exc).split(" - at ")[0])
        if str(exc).endswith("at `$.kind`"):
            message = f"规则的 kind 值不对，应为：{'、'.join(RULE_KINDS)}"
        if path and isinstance(path[-1], str):
            problems.append(Problem(message, _show(path), _locate(text, path[:-1], path[-1])))
        else:
            problems.append(Problem(message, _show(path), _locate(text, path, None)))


@functools.cache
def _fields(spec: type[Struct]) -> tuple[dict[str, Any], dict[str, Any]]:
    import typing

    return {f.encode_name: f for f in msgspec.structs.fields(spec)}, typing.get_type_hints(spec)


def _type_name(value: Any) -> str:
    return {dict: "表", list: "数组", str: "文字", int: "整数", float: "数", bool: "true/false"}.get(type(value), "其他")


class SchemaProblems(ValueError):
    """The form file does not follow the schema; ``problems`` says where and why."""

    def __init__(self, problems: list[Problem], normalized: dict[str, Any] | None = None):
        super().__init__("; ".join(map(str, problems)))
        self.problems = problems
        self.normalized = normalized   # the contents without the unknown keys, when that is all


def _builtins(spec: FormSpec) -> dict[str, Any]:
    data = msgspec.to_builtins(spec)
    for rule, raw in zip(data["rules"], spec.rules):
        rule["kind"] = type(raw).__struct_config__.tag
    return data


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def _show(path: list) -> str:
    """``tables.t3.rows[4]``; a key holding a dot in quotes: ``texts."text.other"``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            name = f'"{part}"' if "." in part else part
            text += f".{name}" if text else name
    return text


def _pick(spec: Any, node: Any) -> Any:
    """For a union holding object types and an object value: the member it is (a rule by its
    kind, else the only object type). Any other union is checked whole."""
    import typing

    if typing.get_origin(spec) is not Union or not isinstance(node, dict):
        return spec
    structs = [m for m in typing.get_args(spec) if isinstance(m, type) and issubclass(m, Struct)]
    if "kind" in node:
        for m in structs:
            if m.__struct_config__.tag == node["kind"]:
                return m
        if structs and structs[0].__struct_config__.tag_field == "kind":
            return spec   # an unknown kind: msgspec names the ones it knows
    return structs[0] if len(structs) == 1 else spec


def _translate(message: str) -> str:
    """msgspec's English, in Chinese for the one who edits the form file."""
    m = re.match(r"Expected `(?P<want>[^`]+)`, got `(?P<got>[^`]+)`", message)
    if m:
        return f"值的类型不对：应为 {m['want']}，实际是 {m['got']}"
    m = re.match(r"Object missing required field `(?P<key>[^`]+)`", message)
    if m:
        return f"缺少必需的键“{m['key']}”"
    m = re.match(r"Invalid (?:enum )?value (?P<v>.+)", message)
    if m:
        return f"值 {m['v']} 不在允许的取值之内"
    return message


def _locate(text: str, path: list, key: str | None) -> int | None:
    """The line of ``key`` (or of the object at ``path``) in the file's text, or None."""
    if not text:
        return None
    lines = text.splitlines()
    start = _section_line(lines, path)
    if key is None:
        return start + 1 if start is not None else None
    pattern = re.compile(rf'(^|[{{,\s]){re.escape(key)}\s*=')
    for i in range(start or 0, len(lines)):
        if pattern.search(lines[i]):
            return i + 1
    return None


def _section_line(lines: list[str], path: list) -> int | None:
    """The line where the object at ``path`` starts, as best the TOML text tells: the n-th
    ``[[a.b]]`` header for ``a.b[n]``, the ``[a.b]`` header for ``a.b``, the n-th inline table
    after ``key =`` for an inline array."""
    best: int | None = None
    names: list[str] = []
    for part in path:
        if isinstance(part, int):
            dotted = ".".join(_quote(n) for n in names)
            header = re.compile(rf"^\s*\[\[\s*{re.escape(dotted)}\s*\]\]")
            found = [i for i, line in enumerate(lines) if header.match(line) and (best is None or i >= best)]
            if len(found) > part:
                best = found[part]
            elif best is not None and names:
                starts = [i for i in range(best, len(lines)) if re.search(rf"(^|\s){re.escape(names[-1])}\s*=", lines[i])]
                if starts:
                    inline = [i for i in range(starts[0], len(lines)) if "{" in lines[i]]
                    if len(inline) > part:
                        best = inline[part]
            continue
        names.append(part)
        dotted = ".".join(_quote(n) for n in names)
        header = re.compile(rf"^\s*\[\[?\s*{re.escape(dotted)}\s*\]")
        for i, line in enumerate(lines):
            if (best is None or i >= best) and header.match(line):
                best = i
                break
    return best


def _quote(name: str) -> str:
    return f'"{name}"' if "." in name else name


def _unknown_message(key: str, valid: list[str]) -> str:
    close = difflib.get_close_matches(key, valid, n=1, cutoff=0.5)
    hint = close[0] if close else ""
    return f"不认识的键“{key}”" + (f"，是不是“{hint}”？" if hint else "")
