"""``reportdesk drafts``: every subcommand, its output, exit status and messages."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile

import pytest

from reportdesk.cli import main
from reportdesk.reportfile import dumps, loads

AGENCY = "武陟县小董乡人民政府"


@pytest.fixture
def db(tmp_path):
    return tmp_path / "drafts.db"


@pytest.fixture
def drafts(db, capsys):
    """Run ``reportdesk drafts --db DB …``; returns (status, stdout, stderr)."""

    def run(*args: str):
        try:
            status = main(["drafts", "--db", str(db), *args])
        except SystemExit as exc:  # argparse refusing the arguments
            status = exc.code
        out, err = capsys.readouterr()
        return status, out, err

    return run


@pytest.fixture
def example_id(drafts, example_path):
    status, out, err = drafts("import", str(example_path))
    assert status == 0, err
    return out.strip()


def shown(drafts, draft_id) -> dict:
    status, out, _ = drafts("show", draft_id, "--json")
    assert status == 0
    return json.loads(out)


# -- list, import, new


def test_list_of_an_empty_store(drafts):
    assert drafts("list") == (0, "还没有草稿。新建：reportdesk drafts new --agency 机关名称 --year 年度\n", "")
    assert drafts("list", "--json")[:2] == (0, "[]\n")


def test_import_prints_the_id_alone_and_list_shows_the_draft(drafts, example_path):
    status, out, err = drafts("import", str(example_path))
    assert (status, out) == (0, "1\n")
    assert "已导入为草稿 1：武陟县小董乡人民政府2024年政府信息公开工作年度报告" in err
    status, out, _ = drafts("list", "--json")
    [entry] = json.loads(out)
    assert set(entry) == {"id", "agency", "year", "status", "modified"}
    assert (entry["id"], entry["agency"], entry["year"], entry["status"]) == (1, AGENCY, 2024, "draft")
    assert entry["modified"][:4].isdigit() and entry["modified"][10] == "T"
    status, out, _ = drafts("list")
    assert "2024" in out and AGENCY in out and "草稿" in out


def test_import_of_a_report_with_a_twenty_digit_number_keeps_it_and_exits_1(drafts, example_path, tmp_path):
    text = example_path.read_text(encoding="utf-8").replace("规章\t0\t0\t0", "规章\t99999999999999999999\t0\t0")
    assert "99999999999999999999" in text
    (tmp_path / "big.txt").write_text(text, encoding="utf-8")
    status, out, err = drafts("import", str(tmp_path / "big.txt"))
    assert status == 1 and out.strip().isdigit()
    assert "表二「规章」「本年制发件数」“99999999999999999999”：数字太大" in err and "Error" not in err
    draft = shown(drafts, out.strip())
    assert draft["cells"]["t2.rules.issued"] == "99999999999999999999"


def test_importing_the_same_year_twice_is_refused(drafts, example_path, example_id):
    status, out, err = drafts("import", str(example_path))
    assert (status, out) == (1, "")
    assert f"已经存在（编号 {example_id}）" in err and f"reportdesk drafts delete {example_id}" in err


def test_import_of_an_unreadable_file_says_why(drafts, tmp_path):
    bad = tmp_path / "报告.txt"
    bad.write_bytes(b"")
    status, out, err = drafts("import", str(bad))
    assert (status, out) == (2, "")
    assert "空文件" in err and "Traceback" not in err


def test_new_draft_is_not_duplicated(drafts):
    status, out, err = drafts("new", "--agency", AGENCY, "--year", "２０２５")
    assert (status, out) == (0, "1\n") and "已新建草稿 1" in err
    status, out, err = drafts("new", "--agency", AGENCY, "--year", "2025")
    assert (status, out) == (0, "1\n") and "已经存在" in err
    status, out, err = drafts("new", "--agency", AGENCY, "--year", "25")
    assert status == 1 and out == "" and "四位数的年份" in err


@pytest.mark.parametrize("source", ["draft", "file"])
def test_new_from_last_year(drafts, example_id, example_path, tmp_path, source):
    last = shown(drafts, example_id)
    last["cells"]["t3.carried_out.natural"] = 2  # so that the carry is visible
    last["cells"]["t3.new.natural"] = 2
    last["cells"]["t2.rules.valid"] = 7
    if source == "draft":
        assert drafts("set", example_id, "t3.carried_out.natural", "2")[0] == 0
        assert drafts("set", example_id, "t3.new.natural", "2")[0] == 0
        assert drafts("set", example_id, "t2.rules.valid", "7")[0] == 0
        origin = example_id
    else:
        origin = str(tmp_path / "上年.json")
        with open(origin, "w", encoding="utf-8") as f:
            f.write(dumps(loads(json.dumps(last))))
    status, out, err = drafts("new", "--agency", AGENCY, "--year", "2025", "--from", origin)
    assert status == 0, err
    new = shown(drafts, out.strip())
    assert new["year"] == 2025 and new["agency"] == AGENCY
    assert new["cells"]["t3.carried_in.natural"] == 2 and new["cells"]["t3.carried_in.total"] == 2
    assert new["cells"]["t2.rules.valid"] == 7 and new["sources"]["t2.rules.valid"] == "carried"
    assert new["cells"]["t3.new.natural"] is None and new["cells"]["t2.rules.issued"] is None
    assert new["texts"]["text.problems"] == last["texts"]["text.problems"]
    # rule 6 compares with the report kept as last year's
    assert drafts("set", out.strip(), "t3.carried_in.natural", "5")[0] == 0
    status, check_out, _ = drafts("check", out.strip(), "--json")
    assert any(f["rule"] == "6" for f in json.loads(check_out)["findings"])


def test_new_from_a_report_of_another_year_warns(drafts, example_id):
    status, out, err = drafts("new", "--agency", AGENCY, "--year", "2030", "--from", example_id)
    assert status == 0 and "提示：结转来源是 2024 年的报告，而新草稿是 2030 年" in err


def test_new_from_a_missing_draft(drafts):
    status, out, err = drafts("new", "--agency", AGENCY, "--year", "2025", "--from", "9")
    assert status == 2 and "没有编号为 9 的草稿" in err


# -- set and text


def test_set_saves_a_typed_value_and_names_the_totals_it_moved(drafts):
    draft_id = drafts("new", "--agency", AGENCY, "--year", "2025")[1].strip()
    status, out, err = drafts("set", draft_id, "t3.new.natural", "１,２３４")
    assert status == 0 and err == ""
    assert out == ("已保存：表三「一、本年新收政府信息公开申请数量」「自然人」 = 1234\n"
                   "  随之更新：表三「一、本年新收政府信息公开申请数量」「总计」 = 1234\n")
    assert shown(drafts, draft_id)["cells"]["t3.new.natural"] == 1234
    assert drafts("set", draft_id, "t3.new.natural", "")[0] == 0
    assert shown(drafts, draft_id)["cells"]["t3.new.natural"] is None


@pytest.mark.parametrize("cell, value, message", [
    ("t3.new.natural", "abc", "只能填数字"),
    ("t3.new.natural", "99999999999999999999", "数字太大"),
    ("t3.new.natural", "²", "不是数字"),
    ("t3.new.natural", "-1", "自然人"),
    ("t3.new.total", "3", "自动计算"),
    ("t3.nothing.natural", "3", "没有编号为“t3.nothing.natural”的单元格"),
])
def test_set_refuses_and_leaves_the_cell_unchanged(drafts, cell, value, message):
    draft_id = drafts("new", "--agency", AGENCY, "--year", "2025")[1].strip()
    drafts("set", draft_id, "t3.new.natural", "4")
    status, out, err = drafts("set", draft_id, cell, value)
    assert (status, out) == (1, "") and message in err and err.startswith("reportdesk：")
    assert shown(drafts, draft_id)["cells"]["t3.new.natural"] == 4


def test_set_on_a_missing_draft_or_a_wrong_id(drafts):
    status, _, err = drafts("set", "7", "t3.new.natural", "1")
    assert status == 2 and "没有编号为 7 的草稿" in err
    status, _, err = drafts("set", "七", "t3.new.natural", "1")
    assert status == 2 and "草稿编号应是数字" in err


def test_text_that_is_not_valid_utf8_is_refused_not_a_crash(drafts, monkeypatch):
    draft_id = drafts("new", "--agency", AGENCY, "--year", "2025")[1].strip()
    drafts("text", draft_id, "text.other", "无。")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"\xed\xa0\x80"), encoding="utf-8"))
    status, out, err = drafts("text", draft_id, "text.other", "-")
    assert (status, out) == (1, "") and "不是 UTF-8 编码" in err
    status, out, err = drafts("text", draft_id, "text.other", "\udced\udca0\udc80")  # as argv decodes those bytes
    assert (status, out) == (1, "") and "无法识别的字符" in err
    assert shown(drafts, draft_id)["texts"]["text.other"] == "无。"
    # Word's line and page breaks become paragraphs; invisible control characters go
    assert drafts("text", draft_id, "text.other", "第一段\x0b第二段\x01。")[0] == 0
    assert shown(drafts, draft_id)["texts"]["text.other"] == "第一段\n第二段。"


def test_text_from_the_argument_or_stdin(drafts, monkeypatch):
    draft_id = drafts("new", "--agency", AGENCY, "--year", "2025")[1].strip()
    assert drafts("text", draft_id, "text.other", "无其他事项。") == (0, "已保存：六、其他需要报告的事项（6字）\n", "")
    monkeypatch.setattr(sys, "stdin", io.StringIO("第一段。\n第二段。\n"))
    assert drafts("text", draft_id, "text.problems", "-")[0] == 0
    assert shown(drafts, draft_id)["texts"] == {"text.other": "无其他事项。", "text.problems": "第一段。\n第二段。"}
    status, _, err = drafts("text", draft_id, "text.nothing", "x")
    assert status == 1 and "text.nothing" in err


# -- show, check


def test_show_json_is_the_report_file_with_id_status_and_sources(drafts, example_id):
    data = shown(drafts, example_id)
    assert {"format", "agency", "year", "cells", "texts", "id", "status", "sources"} <= set(data)
    assert (data["format"], data["id"], data["status"], data["year"]) == ("gov-info-2021", 1, "draft", 2024)
    assert len(data["cells"]) == 200 and data["cells"]["t3.new.natural"] == 0
    assert data["sources"]["t3.new.natural"] == "imported" and data["sources"]["t3.new.total"] == "computed"
    status, out, _ = drafts("show", example_id)
    assert "三、收到和处理政府信息公开申请情况（已填 175/175 格）" in out
    assert "（一）主动公开：小董乡人民政府信息公开工作" in out


def test_check_counts_blanks_as_rule_5_errors(drafts, example_id):
    assert drafts("check", example_id)[:2] == (0, "草稿 1：武陟县小董乡人民政府2024年政府信息公开工作年度报告 — 没有发现问题\n")
    assert drafts("set", example_id, "t3.new.natural", "")[0] == 0
    status, out, _ = drafts("check", example_id, "--json")
    data = json.loads(out)
    assert status == 1 and (data["id"], data["agency"], data["year"]) == (1, AGENCY, 2024)
    [blank] = [f for f in data["findings"] if "t3.new.natural" in f["cells"] and f["rule"] == "5"]
    assert blank["severity"] == "error" and "未填写" in blank["message"]
    status, out, _ = drafts("check", example_id)
    assert status == 1 and "1个错误" in out and "规则5" in out


# -- export, final, reopen


def test_export_json_writes_the_report_file(drafts, example_id, example_path, tmp_path):
    target = tmp_path / "out.json"
    assert drafts("export", example_id, "-o", str(target)) == (0, f"已导出：{target}\n", "")
    written = json.loads(target.read_text(encoding="utf-8"))
    assert written["agency"] == AGENCY and written["cells"]["t3.total.total"] == 0
    assert shown(drafts, example_id)["status"] == "draft"


def test_export_final_marks_the_draft_final_until_reopened(drafts, example_id, tmp_path):
    target = tmp_path / "final.json"
    status, out, err = drafts("export", example_id, "-o", str(target), "--final")
    assert status == 0 and target.exists() and "已定稿（只读）" in out
    assert shown(drafts, example_id)["status"] == "final"
    status, out, err = drafts("set", example_id, "t3.new.natural", "1")
    assert status == 1 and f"reportdesk drafts reopen {example_id}" in err
    assert shown(drafts, example_id)["cells"]["t3.new.natural"] == 0
    assert drafts("reopen", example_id) == (0, f"草稿 {example_id} 已重新打开，可以修改\n", "")
    assert drafts("reopen", example_id)[1] == f"草稿 {example_id} 本来就可以修改\n"
    assert drafts("set", example_id, "t3.new.natural", "1")[0] == 0
    status, out, _ = drafts("history", example_id, "--json")
    assert [(e["cell"], e["old"], e["new"]) for e in json.loads(out)] == [
        ("status", "draft", "final"), ("status", "final", "draft"), ("t3.new.natural", 0, 1)]


def test_export_final_with_errors_writes_nothing_and_stays_a_draft(drafts, tmp_path):
    draft_id = drafts("new", "--agency", AGENCY, "--year", "2025")[1].strip()
    target = tmp_path / "final.json"
    status, out, err = drafts("export", draft_id, "-o", str(target), "--final")
    assert status == 1 and not target.exists() and "不能输出正式版" in err
    assert shown(drafts, draft_id)["status"] == "draft"
    # without --final the file is written, errors and all (exit 1)
    status, _, err = drafts("export", draft_id, "-o", str(target))
    assert status == 1 and target.exists() and "报告有错误" in err


def test_export_docx_goes_through_the_docx_writer(drafts, example_id, tmp_path, monkeypatch):
    """The writer named in convert.WRITERS is used as soon as it is importable."""
    import types

    calls = []
    fake = types.ModuleType("reportdesk.export.docx")
    fake.docx_bytes = lambda report, findings, final, fonts: calls.append((report.agency, findings, final, fonts)) \
        or b"PK docx"
    monkeypatch.setitem(sys.modules, "reportdesk.export.docx", fake)
    target = tmp_path / "报告.docx"
    assert drafts("export", example_id, "-o", str(target), "--final", "--fonts", "common")[0] == 0
    assert target.read_bytes() == b"PK docx" and calls == [(AGENCY, [], True, "common")]


def test_export_docx_with_the_real_writer(drafts, example_id, tmp_path):
    target = tmp_path / "报告.docx"
    assert drafts("export", example_id, "-o", str(target))[0] == 0
    with zipfile.ZipFile(target) as z:
        assert "小董乡" in z.read("word/document.xml").decode("utf-8")


# -- history, delete


def test_history_lists_every_edit_with_since(drafts):
    draft_id = drafts("new", "--agency", AGENCY, "--year", "2025")[1].strip()
    drafts("set", draft_id, "t3.new.natural", "3")
    drafts("set", draft_id, "t3.new.natural", "5")
    drafts("text", draft_id, "text.other", "无。")
    status, out, _ = drafts("history", draft_id, "--json")
    entries = json.loads(out)
    assert [set(e) for e in entries] == [{"time", "cell", "old", "new"}] * 3
    assert [(e["cell"], e["old"], e["new"]) for e in entries] == [
        ("t3.new.natural", None, 3), ("t3.new.natural", 3, 5), ("text.other", None, "无。")]
    status, out, _ = drafts("history", draft_id)
    lines = out.splitlines()
    assert lines[1].endswith("表三「一、本年新收政府信息公开申请数量」「自然人」：3 → 5")
    assert lines[2].endswith("文字「六、其他需要报告的事项」：（空） → “无。”")
    assert drafts("history", draft_id, "--since", "2999-01-01") == (0, "没有修改记录（这段时间内）\n", "")
    for since in ("2025-3-1", "2025/3/1", "2025.3.1", "2025年3月1日"):  # every edit is after it
        status, out, _ = drafts("history", draft_id, "--json", "--since", since)
        assert status == 0 and len(json.loads(out)) == 3, since
    assert drafts("history", draft_id, "--since", "2999-1-9") == (0, "没有修改记录（这段时间内）\n", "")
    status, _, err = drafts("history", draft_id, "--since", "昨天")
    assert status == 1 and "不是日期" in err and "2025年3月1日" in err


def test_delete_backs_up_first(drafts, example_id):
    status, out, _ = drafts("delete", example_id)
    assert status == 0 and out.startswith(f"已删除草稿 {example_id}：") and "-delete.db" in out
    assert drafts("list", "--json")[1] == "[]\n"
    assert drafts("show", example_id)[0] == 2
    status, out, _ = drafts("backups", "--json")
    assert "delete" in [b["reason"] for b in json.loads(out)]


# -- backups, damage, restore


def test_a_damaged_database_is_reported_and_restored(drafts, example_id, db):
    assert drafts("set", example_id, "t3.new.natural", "9")[0] == 0  # (the daily backup came before)
    status, out, _ = drafts("backups", "--json")
    [backup] = json.loads(out)
    assert set(backup) == {"name", "time", "size", "reason"} and backup["reason"] == "daily"

    for side in ("-wal", "-shm"):
        assert not os.path.exists(f"{db}{side}")
    db.write_bytes(db.read_bytes()[:3000])  # truncated
    damaged = db.read_bytes()
    for command in (["list"], ["show", example_id], ["set", example_id, "t3.new.natural", "1"]):
        status, out, err = drafts(*command)
        assert (status, out) == (2, "")
        assert "已损坏" in err and backup["name"] in err and "reportdesk drafts restore" in err
    assert db.read_bytes() == damaged

    status, out, err = drafts("backups")
    assert status == 0 and backup["name"] in out and "每日" in out
    status, out, err = drafts("restore")
    assert status == 0 and f"已从备份 {backup['name']}" in out and "共 1 份草稿" in out
    assert "原来的数据库文件另存为" in out
    aside = [p for p in db.parent.iterdir() if p.name.startswith("drafts.db.damaged-")]
    assert len(aside) == 1 and aside[0].read_bytes() == damaged
    assert shown(drafts, example_id)["cells"]["t3.new.natural"] == 0  # as backed up


def test_restore_without_backups(drafts):
    status, out, err = drafts("restore")
    assert status == 2 and "没有找到" in err


# -- where the database is


def test_reportdesk_db_and_db_after_the_subcommand(tmp_path, monkeypatch, capsys):
    env_db = tmp_path / "env" / "drafts.db"
    monkeypatch.setenv("REPORTDESK_DB", str(env_db))
    assert main(["drafts", "new", "--agency", AGENCY, "--year", "2025"]) == 0
    assert env_db.exists()
    other = tmp_path / "other.db"
    assert main(["drafts", "list", "--db", str(other), "--json"]) == 0
    capsys.readouterr()
    assert main(["drafts", "list", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 1


def test_default_location_is_the_user_data_folder(monkeypatch, tmp_path):
    from reportdesk.store import default_db_path

    monkeypatch.delenv("REPORTDESK_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    expected = tmp_path / "share" / "reportdesk" / "drafts.db" if sys.platform.startswith("linux") else None
    path = default_db_path()
    assert path.name == "drafts.db" and path.parent.name == "reportdesk"
    if expected:
        assert path == expected


def test_a_separate_process_prints_json_alone_and_no_traceback(tmp_path):
    db = tmp_path / "drafts.db"
    cmd = [sys.executable, "-m", "reportdesk", "drafts", "--db", str(db)]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(cmd + ["new", "--agency", AGENCY, "--year", "2025"], capture_output=True, text=True, env=env)
    assert done.returncode == 0 and done.stdout == "1\n"
    done = subprocess.run(cmd + ["list", "--json"], capture_output=True, text=True, env=env)
    assert json.loads(done.stdout)[0]["agency"] == AGENCY
    db.write_bytes(b"not a database at all" * 200)
    done = subprocess.run(cmd + ["list", "--json"], capture_output=True, text=True, env=env)
    assert done.returncode == 2 and done.stdout == ""
    assert "已损坏" in done.stderr and "Traceback" not in done.stderr


def test_a_verified_warning_is_named_in_the_history_and_by_undo(drafts, example_id, db):
    """A 已核实 mark made in the window reads as its rule and place, not as an internal key."""
    from reportdesk import operations as ops
    from reportdesk.store import DraftStore

    with DraftStore(db) as store:
        ops.set_text(store, int(example_id), "text.other", "本年度工作平稳。")
        editor = ops.DraftEditor(store, int(example_id))
        [warning] = [f for f in editor.findings if f.rule == "11"]
        editor.acknowledge(warning, "本机关不收取任何费用")
    status, out, _ = drafts("history", example_id)
    last = out.strip().splitlines()[-1]
    assert status == 0 and "11|" not in last
    assert last.endswith("规则11「六、说明信息处理费」（「六、其他需要报告的事项」）的核实理由：（空） → “本机关不收取任何费用”")
    status, out, _ = drafts("undo", example_id)
    assert status == 0 and out.splitlines() == ["已撤销：", "  规则11「六、说明信息处理费」（「六、其他需要报告的事项」）：不再标为已核实"]
    status, out, _ = drafts("redo", example_id)
    assert out.splitlines()[-1] == "  规则11「六、说明信息处理费」（「六、其他需要报告的事项」）：已核实（本机关不收取任何费用）"
