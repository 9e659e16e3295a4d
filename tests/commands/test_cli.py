"""The command line as a clerk and a reviewer use it: exit statuses, Chinese messages, JSON."""

import json
import os
import subprocess
import sys

import pytest


def run(*args, env=None, cwd=None):
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "reportdesk", *args], capture_output=True, text=True,
                          env=full_env, cwd=cwd, timeout=60)


def changed_example(example_path, tmp_path, old, new, name="bad.txt"):
    text = example_path.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_check_the_example_exits_0(example_path):
    r = run("check", str(example_path))
    assert r.returncode == 0, r.stderr
    assert "武陟县小董乡人民政府 2024年 — 没有发现问题" in r.stdout


def test_one_changed_table3_number_exits_1_naming_rule_and_cells(example_path, tmp_path):
    bad = changed_example(example_path, tmp_path, "一、本年新收政府信息公开申请数量\t\t0", "一、本年新收政府信息公开申请数量\t\t5")
    r = run("check", str(bad))
    assert r.returncode == 1
    assert "规则1  表三「自然人」列：一＋二＝5，（七）总计＋四＝0，相差5" in r.stdout
    assert "t3.new.natural、t3.carried_in.natural、t3.total.natural、t3.carried_out.natural" in r.stdout


def test_check_json_is_one_array_on_stdout_alone(example_path, tmp_path):
    bad = changed_example(example_path, tmp_path, "行政许可\t0", "行政许可\t12000")
    r = run("check", "--json", str(example_path), str(bad))
    data = json.loads(r.stdout)
    assert [d["file"] for d in data] == [str(example_path), str(bad)]
    assert data[0] == {"file": str(example_path), "agency": "武陟县小董乡人民政府", "year": 2024, "findings": []}
    assert r.returncode == 0  # a big number of licences is no error


def test_a_file_that_is_not_a_report_exits_2_with_one_chinese_line(tmp_path):
    junk = tmp_path / "notes.txt"
    junk.write_text("明天下午三点开会。\n带上材料。\n", encoding="utf-8")
    r = run("check", str(junk))
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "notes.txt" in lines[0] and "不像是政府信息公开工作年度报告" in lines[0]
    assert "Traceback" not in r.stderr + r.stdout


@pytest.mark.parametrize("content", [b"\x00\x01\x02garbage" * 50, b"PK\x03\x04not really a zip", b""])
def test_unreadable_files_exit_2_without_traceback(tmp_path, content):
    path = tmp_path / "x.docx"
    path.write_bytes(content)
    r = run("check", str(path))
    assert r.returncode == 2
    assert "Traceback" not in r.stderr and "x.docx" in r.stderr


def test_missing_file_and_the_worst_status_wins(example_path, tmp_path):
    r = run("check", str(example_path), str(tmp_path / "nowhere.txt"))
    assert r.returncode == 2
    assert "找不到文件" in r.stderr


def test_check_json_reports_an_unreadable_file_as_an_error_object(tmp_path):
    r = run("check", "--json", str(tmp_path / "nowhere.txt"))
    assert r.returncode == 2
    [entry] = json.loads(r.stdout)
    assert set(entry) == {"file", "error"} and "找不到" in entry["error"]


def test_check_a_folder_recursively(example_path, tmp_path):
    sub = tmp_path / "乡镇" / "2024"
    sub.mkdir(parents=True)
    (sub / "a.txt").write_text(example_path.read_text(encoding="utf-8"), encoding="utf-8")
    changed_example(example_path, sub, "行政处罚\t0", "行政处罚\tabc", name="b.txt")
    (tmp_path / "ignored.xyz").write_text("x")
    r = run("check", "--json", str(tmp_path))
    data = json.loads(r.stdout)
    assert sorted(os.path.basename(d["file"]) for d in data) == ["a.txt", "b.txt"]
    assert r.returncode == 1


def test_csv_has_one_row_per_finding(example_path, tmp_path):
    bad = changed_example(example_path, tmp_path, "一、本年新收政府信息公开申请数量\t\t0", "一、本年新收政府信息公开申请数量\t\t5")
    out = tmp_path / "findings.csv"
    r = run("check", str(bad), "--csv", str(out))
    assert r.returncode == 1
    rows = out.read_text(encoding="utf-8-sig").splitlines()
    assert rows[0].startswith("文件,机关,年度,规则")
    assert len(rows) == 1 + 2 and ",1,错误," in rows[1]


def test_last_year_enables_the_cross_year_rules(example_path, tmp_path):
    last = changed_example(example_path, tmp_path, "四、结转下年度继续办理\t\t0", "四、结转下年度继续办理\t\t3",
                           name="last.txt")
    r = run("check", str(example_path), "--last-year", str(last), "--json")
    findings = json.loads(r.stdout)[0]["findings"]
    assert [(f["rule"], f["cells"]) for f in findings if f["severity"] == "error"] == [("6", ["t3.carried_in.natural"])]
    assert r.returncode == 1


def test_convert_writes_the_json_of_interfaces_md(example_path, tmp_path):
    out = tmp_path / "out.json"
    r = run("convert", str(example_path), "-o", str(out))
    assert r.returncode == 0, r.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["format"] == "gov-info-2021" and data["agency"] == "武陟县小董乡人民政府" and data["year"] == 2024
    assert data["cells"]["t3.total.total"] == 0 and len(data["cells"]) == 200
    assert set(data["texts"]) >= {"text.problems", "text.other"}
    assert run("check", str(out)).returncode == 0


def test_convert_with_errors_writes_but_exits_1_and_final_refuses(example_path, tmp_path):
    bad = changed_example(example_path, tmp_path, "一、本年新收政府信息公开申请数量\t\t0", "一、本年新收政府信息公开申请数量\t\t5")
    out = tmp_path / "bad.json"
    r = run("convert", str(bad), "-o", str(out))
    assert r.returncode == 1 and out.exists()
    final = tmp_path / "final.json"
    r = run("convert", str(bad), "-o", str(final), "--final")
    assert r.returncode == 1 and not final.exists()
    assert "规则1" in r.stderr


def test_convert_to_an_unknown_format_exits_2(example_path, tmp_path):
    r = run("convert", str(example_path), "-o", str(tmp_path / "x.xls"))
    assert r.returncode == 2 and "格式" in r.stderr


def test_convert_into_a_missing_folder_exits_2_in_chinese(example_path, tmp_path):
    r = run("convert", str(example_path), "-o", str(tmp_path / "no" / "x.json"))
    assert r.returncode == 2 and "不存在" in r.stderr and "Traceback" not in r.stderr


def test_no_display_says_so_and_exits_2():
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    r = subprocess.run([sys.executable, "-m", "reportdesk"], capture_output=True, text=True, env=env, timeout=60)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "没有可用的图形显示" in lines[0] and "reportdesk check" in lines[0]


def test_bad_arguments_exit_2_in_chinese():
    r = run("check")
    assert r.returncode == 2 and "缺少参数" in r.stderr


def test_an_internal_error_never_shows_a_traceback(tmp_path, monkeypatch):
    from reportdesk import cli

    def boom(args):
        raise RuntimeError("x")

    monkeypatch.setenv("REPORTDESK_LOG_DIR", str(tmp_path))
    parser = cli.build_parser()
    monkeypatch.setattr(cli, "build_parser", lambda: parser)
    parser._subparsers._group_actions[0].choices["check"].set_defaults(run=boom)
    assert cli.main(["check", "x"]) == 2
    assert "RuntimeError" in (tmp_path / "crash.log").read_text(encoding="utf-8")


def test_a_closed_pipe_is_not_an_error(example_path):
    proc = subprocess.Popen([sys.executable, "-m", "reportdesk", "check", "--json", *[str(example_path)] * 40],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.read(10)
    proc.stdout.close()  # like `| head -c 10`
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0
    assert "BrokenPipeError" not in err and "Exception ignored" not in err


def test_convert_to_word_with_the_common_fonts(example_path, tmp_path):
    import zipfile

    for setting, body in (("common", "仿宋"), ("official", "仿宋_GB2312")):
        out = tmp_path / f"{setting}.docx"
        r = run("convert", str(example_path), "-o", str(out), "--fonts", setting)
        assert r.returncode == 0, r.stderr
        with zipfile.ZipFile(out) as z:
            styles = z.read("word/styles.xml").decode("utf-8")
        assert f'w:eastAsia="{body}"' in styles
        assert ("仿宋_GB2312" in styles) == (setting == "official")
        assert "Traceback" not in r.stderr and all(line.startswith("reportdesk：提示：") for line in r.stderr.splitlines())
