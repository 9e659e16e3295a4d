"""The form file's schema: a misspelt key, a wrong type, a row no total counts — each refused at
load time and by ``reportdesk form check`` with its line, all of them at once."""

from __future__ import annotations

import subprocess
import sys

import pytest

from reportdesk.form import FormProblems, form_path, load_form_file


@pytest.fixture
def form_text():
    return form_path().read_text(encoding="utf-8")


def write(tmp_path, text, name="form.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text, needle):
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


MISSPELT = ('    { id = "natural", label = "自然人", guidance = "以个人名义提出的申请。" },',
            '    { id = "natural", label = "自然人", gudiance = "以个人名义提出的申请。" },')
ORPHAN = ('[[tables.t3.rows]]\nid = "carried_out"',
          '[[tables.t3.rows]]\nid = "reviewed"\nlabel = "五、被申请复核数量"\n\n[[tables.t3.rows]]\nid = "carried_out"')


def test_a_misspelt_key_and_an_orphan_row_are_both_listed_with_their_lines(tmp_path, form_text):
    text = form_text.replace(*MISSPELT).replace(*ORPHAN)
    path = write(tmp_path, text)
    with pytest.raises(FormProblems) as exc:
        load_form_file(path)
    problems = exc.value.problems
    assert [(p.line, p.message) for p in problems] == [
        (line_of(text, 'gudiance = "以个人名义'), "不认识的键“gudiance”，是不是“guidance”？"),
        (line_of(text, 'id = "reviewed"'), "行“五、被申请复核数量”（reviewed）不属于任何总计行：把它放到总计行所计的"
                                         "“三、本年度办理结果”之下（path），或者写明 standalone = true"),
    ]
    assert str(path) in exc.value.message


def test_form_check_lists_every_problem_and_exits_2(tmp_path, form_text):
    text = form_text.replace(*MISSPELT).replace(*ORPHAN).replace("label_columns = 3", 'label_columns = "3"')
    path = write(tmp_path, text)
    proc = subprocess.run([sys.executable, "-m", "reportdesk", "form", "check", str(path)], capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 2 and proc.stdout == ""
    lines = [line.strip() for line in proc.stderr.splitlines()]
    assert lines[0] == f"{path}：3处错误"
    assert f"{path}:第{line_of(text, 'label_columns')}行（tables.t3.label_columns）：值的类型不对：应为 int，实际是 str" in lines
    assert any("gudiance" in line and "是不是“guidance”" in line for line in lines)
    assert any("reviewed" in line for line in lines)


def test_form_check_of_the_shipped_form_says_what_it_holds(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "reportdesk", "form", "check", str(form_path())],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and proc.stderr == ""
    assert "没有发现错误" in proc.stdout and "200个单元格（其中34个自动计算）" in proc.stdout


@pytest.mark.parametrize("old, new, expected", [
    ('kind = "texts_present"', 'kind = "text_present"', "规则的 kind 值不对"),
    ('severity = "warning"\nkind = "ratio"', 'severity = "warn"\nkind = "ratio"', "值 'warn' 不在允许的取值之内"),
    ('[tables.t2]\nnumber = "二"\n', '[tables.t2]\n', "缺少必需的键“number”"),
    ('layout = "single_row"', 'layout = "one_row"', "不在允许的取值之内"),
])
def test_wrong_values_are_named(tmp_path, form_text, old, new, expected):
    assert old in form_text
    with pytest.raises(FormProblems) as exc:
        load_form_file(write(tmp_path, form_text.replace(old, new, 1)))
    assert [p for p in exc.value.problems if expected in p.message and p.line]


def test_a_row_added_under_the_results_is_counted_by_the_total_without_a_word_of_code(tmp_path, form_text):
    text = form_text.replace('[[tables.t3.rows]]\nid = "total"',
                             '[[tables.t3.rows]]\nid = "other.transferred"\nlabel = "4.已转送其他机关"\n'
                             'path = ["三、本年度办理结果", "（六）其他处理"]\n\n[[tables.t3.rows]]\nid = "total"')
    form = load_form_file(write(tmp_path, text))
    assert "t3.other.transferred.natural" in form.formulas["t3.total.natural"]
    assert len(form.formulas["t3.total.natural"]) == 22
    rule3 = [rel for rel in form.relations if rel.rule.id == "3" and rel.left[0].cell == "t3.total.legal"]
    assert "t3.other.transferred.legal" in [t.cell for t in rule3[0].right]
    assert form.formulas["t3.other.transferred.total"][0] == "t3.other.transferred.natural"


def test_an_edited_form_file_with_a_mistake_is_never_cached(tmp_path, form_text, monkeypatch):
    from reportdesk import parsed_cache

    monkeypatch.setenv(parsed_cache.ENV, str(tmp_path / "cache"))
    path = write(tmp_path, form_text.replace(*MISSPELT))
    for _ in range(2):   # refused the second time too: the mistake was not kept as valid
        with pytest.raises(FormProblems):
            load_form_file(path, cached_as="f")


# -- the importers' keys (docs/forms.md, "Reading published copies" and "The 汇总 workbook")

PIECES = 'pieces = [["review"], ["suit_direct", "suit_after_review"]]'


@pytest.mark.parametrize("old, new, expected", [
    (PIECES, 'pieces = [["review"], ["suit_direct", "suit_after"]]', "pieces 中的 suit_after 不是表格 t4 的行"),
    (PIECES, 'pieces = [["review", "suit_direct"], ["suit_direct", "suit_after_review"]]',
     "行 suit_direct 在 pieces 中出现了不止一次"),
    ('label_columns = 3\n', 'label_columns = 3\npieces = [["new"]]\n', "pieces 只用于版式为 single_row 的表格"),
    ('tables = ["t3", "t4"]', 'tables = ["t3", "t6"]', "summary.tables 引用了不存在的表格 t6"),
    ('cells = ["t3.carried_in.total"]', 'cells = ["t3.carried_in.totl"]',
     "汇总列“二、上年结转”引用了不存在的单元格 t3.carried_in.totl"),
    ("total = true, beside_top = true", "total = true, besides_top = true", "不认识的键“besides_top”，是不是“beside_top”？"),
    ('{ name = "予以公开率",', '{ nmae = "予以公开率",', "不认识的键“nmae”，是不是“name”？"),
])
def test_the_importers_keys_are_checked_with_their_lines(tmp_path, form_text, old, new, expected):
    assert form_text.count(old) == 1
    text = form_text.replace(old, new)
    with pytest.raises(FormProblems) as exc:
        load_form_file(write(tmp_path, text))
    [problem] = [p for p in exc.value.problems if expected in p.message]
    assert problem.line == line_of(text, new.splitlines()[-1] if "\n" in new else new)


def test_form_check_accepts_the_shipped_form_and_the_test_revision():
    from pathlib import Path

    revision = Path(__file__).resolve().parent / "fixtures" / "forms" / "gov-info-2021.v2.toml"
    for path in (form_path(), revision):
        proc = subprocess.run([sys.executable, "-m", "reportdesk", "form", "check", str(path)], capture_output=True,
                              text=True, timeout=60)
        assert proc.returncode == 0 and proc.stderr == "", proc.stderr
        assert "没有发现错误" in proc.stdout


def test_the_shipped_form_holds_the_importers_knowledge():
    """What the importers used to keep in code about this format is the form's data."""
    from reportdesk.form import load_form

    form = load_form()
    t3_total = next(c for c in form.tables["t3"].columns if c.id == "total")
    assert t3_total.aliases == ("合计", "总数", "合计数", "总计数") and t3_total.beside_top
    assert form.tables["t4"].pieces == (("review",), ("suit_direct", "suit_after_review"))
    assert next(r for r in form.tables["t4"].rows if r.id == "suit_direct").aliases == ("未经复议",)
    assert form.summary.tables == ("t3", "t4")
    assert [(f.name, f.is_rate) for f in form.summary.figures][4] == ("予以公开率", True)
