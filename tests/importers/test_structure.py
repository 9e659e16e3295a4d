"""The importers' own structure: no import cycle, one encoding detector, entities decoded."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from reportdesk.importers import encoding
from reportdesk.importers.cells import clean_markup
from reportdesk.importers.text import read_text

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "reportdesk" / "importers"


def _imports(path: Path) -> set[str]:
    """The sibling modules a module imports, at the top or inside functions."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                found.add(node.module.split(".")[0])
            else:
                found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("reportdesk.importers."):
            found.add(node.module.split(".")[2])
    return found


def test_no_module_of_the_importers_imports_itself_back():
    graph = {p.stem: _imports(p) & {q.stem for q in PACKAGE.glob("*.py")} for p in PACKAGE.glob("*.py")
             if p.stem != "__init__"}
    for start in graph:
        seen, todo = set(), list(graph[start])
        while todo:
            module = todo.pop()
            assert module != start, f"{start} imports itself back through {sorted(seen)}"
            if module not in seen and module in graph:
                seen.add(module)
                todo.extend(graph[module])


@pytest.mark.parametrize("data,declared,text,name", [
    ("报告".encode("utf-8"), "", "报告", "UTF-8"),
    (b"\xef\xbb\xbf" + "报告".encode("utf-8"), "", "报告", "UTF-8"),
    ("报告".encode("utf-16"), "", "报告", "UTF-16"),
    ("报告".encode("gbk"), "", "报告", "GB18030"),
    ("报告".encode("gbk"), "gb2312", "报告", "GB2312"),
    ("報告".encode("big5"), "big5", "報告", "BIG5"),
    ("报告".encode("utf-8"), "gbk", "报告", "UTF-8"),  # a declaration the bytes do not match
])
def test_one_encoding_detector_for_text_and_pages(data, declared, text, name):
    assert encoding.decode(data, declared) == (text, name)


def test_html_entities_in_a_converter_text_are_decoded():
    assert clean_markup("规章&emsp;&#12288;&lt;1&gt; &amp; &nbsp;0") == "规章\u2003\u3000<1> &  0"
    text = ("某某县财政局2024年政府信息公开工作年度报告\n二、主动公开政府信息情况\n"
            "| 规章 | 1 | 0 | 5 |\n| 行政规范性文件 | &#50; | &nbsp; | 7 |\n")
    report, _log = read_text(text)
    assert [report.values[f"t2.rules.{c}"] for c in ("issued", "repealed", "valid")] == [1, 0, 5]
    assert [report.values[f"t2.normative.{c}"] for c in ("issued", "repealed", "valid")] == [2, None, 7]
