"""``reportdesk drafts [--db PATH] …``: the draft store on the command line.

Subcommands as in interfaces.md: list, import, new, set, text, show, check, export, delete,
history, reopen, undo, redo, upgrade, backups, restore. Every change goes through
reportdesk.operations, the same operations as the window. ``import`` and ``new`` print the draft's id alone on stdout
(a script can take it) and a line for people on stderr.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .convert import add_font_argument

NAME = "drafts"
HELP = "草稿：列出、导入、新建、填写、查看、校验、导出、删除、历史、重新打开、备份与恢复"

SOURCE_NAMES = {"typed": "填写", "imported": "导入", "carried": "上年结转", "computed": "自动计算"}
REASON_NAMES = {"daily": "每日", "migration": "升级前", "delete": "删除草稿前", "manual": "手动", "restore": "恢复前"}


def _draft_id(text: str) -> int:
    from ..values import normalize_number_text

    value = normalize_number_text(text)
    if not (value.isascii() and value.isdigit()):
        raise argparse.ArgumentTypeError(f"草稿编号应是数字（如 3），而不是“{text}”")
    return int(value)


def add_arguments(p: argparse.ArgumentParser) -> None:
    db_help = "草稿数据库文件（默认在用户数据文件夹，环境变量 REPORTDESK_DB 可另行指定）"
    p.add_argument("--db", metavar="PATH", help=db_help)
    sub = p.add_subparsers(dest="drafts_command", metavar="子命令", required=True)

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        c = sub.add_parser(name, help=help_text, description=help_text)
        c.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=db_help)
        return c

    c = command("list", "列出全部草稿")
    c.add_argument("--json", action="store_true", help="以 JSON 输出")
    c = command("import", "把一份报告（.docx .doc .wps .html .pdf .txt .json 等）导入为新草稿，输出草稿编号")
    c.add_argument("file", metavar="FILE")
    c = command("new", "新建草稿；--from 给出上年的草稿编号或报告文件时，从上年结转")
    c.add_argument("--agency", required=True, metavar="机关名称")
    c.add_argument("--year", required=True, metavar="年度")
    c.add_argument("--from", dest="source", metavar="ID_OR_FILE", help="上年的草稿编号或报告文件")
    c = command("set", "填写一个单元格（VALUE 为空字符串时清空）")
    c.add_argument("id", type=_draft_id, metavar="ID")
    c.add_argument("cell", metavar="CELL", help="单元格编号，如 t3.new.natural")
    c.add_argument("value", metavar="VALUE")
    c = command("text", "填写一段文字（VALUE 为 - 时从标准输入读取）")
    c.add_argument("id", type=_draft_id, metavar="ID")
    c.add_argument("text_id", metavar="TEXT_ID", help="文字部分编号，如 text.problems")
    c.add_argument("value", metavar="VALUE")
    c = command("show", "查看草稿的内容")
    c.add_argument("id", type=_draft_id, metavar="ID")
    c.add_argument("--json", action="store_true", help="以报告文件的 JSON 格式输出")
    c = command("check", "校验草稿（未填写的单元格也算错误）")
    c.add_argument("id", type=_draft_id, metavar="ID")
    c.add_argument("--json", action="store_true", help="以 JSON 输出")
    c = command("export", "导出为 .json、.docx 或 .pdf；--final 同时定稿")
    c.add_argument("id", type=_draft_id, metavar="ID")
    c.add_argument("-o", "--output", required=True, metavar="FILE")
    c.add_argument("--final", action="store_true", help="正式版：有错误时拒绝导出；导出后草稿变为只读")
    add_font_argument(c)
    c = command("delete", "删除草稿（删除前自动备份）")
    c.add_argument("id", type=_draft_id, metavar="ID")
    c = command("history", "草稿的修改记录")
    c.add_argument("id", type=_draft_id, metavar="ID")
    c.add_argument("--since", metavar="日期", help="只列出这一天（或时刻）以后的修改，如 2025-03-01、2025/3/1、2025年3月1日")
    c.add_argument("--json", action="store_true", help="以 JSON 输出")
    c = command("reopen", "重新打开已定稿的草稿，使其可以修改")
    c.add_argument("id", type=_draft_id, metavar="ID")
    c = command("upgrade", "把草稿升级到报告格式的新版本，列出移动和舍弃的内容（舍弃的值保留在修改记录中）")
    c.add_argument("id", type=_draft_id, metavar="ID")
    c.add_argument("--form", metavar="FILE", help="新版本的格式定义文件（默认：程序自带的最新版本）")
    c.add_argument("--json", action="store_true", help="以 JSON 输出：{\"moved\": {旧编号: 新编号}, \"dropped\": {编号: 值}}")
    c = command("undo", "撤销最近一次修改（与填报窗口的 Ctrl+Z 相同，程序重启后也可以）")
    c.add_argument("id", type=_draft_id, metavar="ID")
    c = command("redo", "重做刚撤销的修改（与填报窗口的 Ctrl+Y 相同）")
    c.add_argument("id", type=_draft_id, metavar="ID")
    c = command("backups", "列出草稿数据库的备份")
    c.add_argument("--json", action="store_true", help="以 JSON 输出")
    c = command("restore", "用备份恢复草稿数据库（不给名字时用最新的备份）")
    c.add_argument("backup", nargs="?", metavar="BACKUP")


def run(args: argparse.Namespace) -> int:
    from ..store import default_db_path

    path = Path(args.db).expanduser() if args.db else default_db_path()
    command = args.drafts_command
    # these two work on a damaged database: they do not open it
    if command == "backups":
        return _backups(path, args)
    if command == "restore":
        return _restore(path, args)
    from ..store import DraftStore

    with DraftStore(path) as store:
        if store.backup_problem and command not in READ_ONLY_COMMANDS:
            print(f"reportdesk：提示：{store.backup_problem}（今天的备份没有做成）", file=sys.stderr)
        return COMMANDS[command](store, args)


# Commands that only read: a backup that could not be made is no news to them.
READ_ONLY_COMMANDS = ("list", "show", "check", "history", "export")


# -- subcommands


def _list(store, args) -> int:
    from .common import print_json
    from ..store.records import STATUS_NAMES

    drafts = store.list_drafts()
    if args.json:
        print_json([d.to_dict() for d in drafts])
        return 0
    if not drafts:
        print("还没有草稿。新建：reportdesk drafts new --agency 机关名称 --year 年度")
        return 0
    widths = (6, 6, 8, 18)
    print(_columns(("编号", "年度", "状态", "修改时间", "机关"), widths))
    for d in drafts:
        print(_columns((str(d.id), str(d.year or "？"), STATUS_NAMES.get(d.status, d.status), _when(d.modified),
                        d.agency or "（机关名称未填）"), widths))
    return 0


def _import(store, args) -> int:
    from .common import read

    result = read(args.file)
    draft_id = store.import_report(result.report, name=Path(args.file).name)
    print(draft_id)
    print(f"已导入为草稿 {draft_id}：{result.report.title}（{result.log.summary()}）", file=sys.stderr)
    invalid = result.report.invalid
    if invalid:   # done, but the report holds values that are no numbers: exit 1, and say which
        form = result.report.form
        named = "；".join(f"{form.cell_name(c)}“{bad.raw}”：{bad.reason}" for c, bad in list(invalid.items())[:5])
        more = f"等{len(invalid)}个" if len(invalid) > 5 else ""
        print(f"reportdesk：{named}{more}——这些值无效，已原样保留在草稿中，请改正"
              f"（reportdesk drafts check {draft_id} 列出全部）", file=sys.stderr)
        return 1
    return 0


def _new(store, args) -> int:
    from ..store.drafts import parse_year

    year = parse_year(args.year)
    if args.source is None:
        existed = store.find(args.agency, year)
        draft_id = store.create(args.agency, year)
        last = None
    else:
        last, name = _last_year(store, args.source)
        existed = store.find(args.agency, year)
        _say_upgrade(store.load(last).report if isinstance(last, int) else last)
        draft_id = store.new_from(last, agency=args.agency, year=year, name=name)
    print(draft_id)
    title = store.load(draft_id).report.title
    if existed is not None:
        print(f"{title}的草稿已经存在（编号 {draft_id}），没有重复新建", file=sys.stderr)
        return 0
    print(f"已新建草稿 {draft_id}：{title}", file=sys.stderr)
    if last is not None:
        last_year = last if not isinstance(last, int) else store.load(last).report
        if last_year.year and year and last_year.year != year - 1:
            print(f"提示：结转来源是 {last_year.year} 年的报告，而新草稿是 {year} 年", file=sys.stderr)
    return 0


def _last_year(store, source: str):
    """--from: a draft id (digits that are not a file) or a report file."""
    from .common import read

    if source.strip().isdigit() and not Path(source).exists():
        return int(source), ""
    result = read(source)
    return result.report, Path(source).name


def _set(store, args) -> int:
    from ..operations import edit

    changes = edit(store, args.id, lambda e: e.set_cells({args.cell: args.value}))
    if not changes.cells:
        print("没有变化（单元格原来就是这个值）")
        return 0
    _print_cells(store, args.id, changes, first=args.cell)
    return 0


def _print_cells(store, draft_id: int, changes, first: str | None = None, saved: str = "已保存：") -> None:
    """已保存 …, then 随之更新 … for each cell an operation changed (the one edited first)."""
    from ..values import format_value

    report = store.load(draft_id).report
    form = report.form
    first = form.canonical(first) if first else None
    order = list(form.cells)
    cells = sorted(changes.cells, key=lambda c: (c != first, form.is_computed(c), order.index(c) if c in order else 0))
    for i, cid in enumerate(cells):
        bad = report.invalid.get(cid)
        value = report.values.get(cid)
        shown = (f"“{bad.raw}”（无效：{bad.reason}）" if bad else
                 format_value(value, form.cells[cid].kind) if value is not None else "（空）")
        prefix = saved if i == 0 else "  随之更新："
        print(f"{prefix}{form.cell_name(cid)} = {shown}")


def _text(store, args) -> int:
    from ..operations import edit

    text = _read_stdin_text() if args.value == "-" else args.value
    changes = edit(store, args.id, lambda e: e.set_text(args.text_id, text.strip("\n")))
    report = store.load(args.id).report
    heading = report.form.texts[args.text_id].heading
    if not changes.texts:
        print(f"没有变化（“{heading}”原来就是这段文字）")
    elif report.text(args.text_id):
        print(f"已保存：{heading}（{len(report.text(args.text_id))}字）")
    else:
        print(f"已清空：{heading}")
    return 0


def _say_upgrade(last) -> None:
    """Last year's report is on an older version of the form: say what the new draft does with it."""
    from ..upgrade import path_to, upgrade

    steps = path_to(last.form)
    if not steps:
        return
    new, moves = upgrade(last, steps)
    print(f"上年报告使用格式“{last.form.id}”第 {last.form.version} 版，已按第 {new.form.version} 版结转：", file=sys.stderr)
    for old, target in moves.moved.items():
        print(f"  移到新位置：{old} → {target}", file=sys.stderr)
    for old, value in moves.dropped.items():
        print(f"  新版本没有：{old} = {_shown(value)}（未结转）", file=sys.stderr)


def _upgrade(store, args) -> int:
    from ..operations import edit
    from .common import print_json

    target = None
    if args.form:
        from ..form import load_form_file

        target = load_form_file(Path(args.form))
    before = store.load(args.id).info
    result = edit(store, args.id, lambda e: e.upgrade(target))
    if result is None:
        if args.json:
            print_json({"moved": {}, "dropped": {}})
        else:
            print(f"草稿 {args.id} 已经是格式“{before.form}”第 {before.form_version} 版，不需要升级")
        return 0
    _, moves = result
    after = store.load(args.id).info
    if args.json:
        print_json(moves.to_dict())
        return 0
    form = store.load(args.id).report.form
    print(f"草稿 {args.id} 已从格式“{before.form}”第 {before.form_version} 版升级到第 {after.form_version} 版")
    for old, new in moves.moved.items():
        print(f"  移到新位置：{old} → {_target_name(form, new)}（{new}）")
    for new, olds in moves.merged.items():
        print(f"  合并：{'、'.join(olds)} → {_target_name(form, new)}（{new}）")
    for old, value in moves.dropped.items():
        if old in moves.split:
            into = "、".join(_target_name(form, n) for n in moves.split[old])
            why = f"新版本把这一项分成了{into}，值无法拆分"
        else:
            why = "新版本没有这一项"
        print(f"  舍弃：{old} = {_shown(value)}（{why}；值保留在修改记录中，请按新格式重新填写）")
    if not (moves.moved or moves.merged or moves.dropped):
        print("  没有需要移动或舍弃的内容")
    return 0


def _undo(store, args) -> int:
    return _replay(store, args, undo=True)


def _redo(store, args) -> int:
    return _replay(store, args, undo=False)


def _replay(store, args, *, undo: bool) -> int:
    """The same operation as Ctrl+Z / Ctrl+Y in the window."""
    from ..operations import edit

    changes = edit(store, args.id, lambda e: e.undo() if undo else e.redo())
    word = "撤销" if undo else "重做"
    if changes is None:
        print(f"reportdesk：草稿 {args.id} 没有可以{word}的修改", file=sys.stderr)
        return 1
    report = store.load(args.id).report
    form = report.form
    print(f"已{word}：")
    if changes.info:
        print(f"  机关与年度：{report.title}")
    for tid in sorted(changes.texts):
        print(f"  文字「{form.texts[tid].heading}」（{len(report.text(tid))}字）")
    if changes.cells:
        _print_cells(store, args.id, changes, saved="  ")
    from ..rules import verified_name

    for key, reason in sorted(changes.acks.items()):
        print(f"  {verified_name(form, key)}：" + (f"已核实（{reason}）" if reason else "不再标为已核实"))
    return 0


def _read_stdin_text() -> str:
    """Standard input as text in its declared encoding (UTF-8, or the Windows code page);
    bytes that are not valid in it are refused, never read as something else."""
    data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read()
    if isinstance(data, str):
        return data
    encoding = sys.stdin.encoding or "utf-8"
    try:
        return data.decode("utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding)
    except (UnicodeDecodeError, LookupError):
        from ..errors import InvalidValue

        raise InvalidValue(f"标准输入中的文字不是 {encoding.upper()} 编码，没有保存；请把文字另存为 UTF-8 后再试") from None


def _show(store, args) -> int:
    from ..reportfile import report_to_dict
    from ..store.records import STATUS_NAMES
    from ..values import format_value
    from .common import print_json

    draft = store.load(args.id)
    report, info = draft.report, draft.info
    if args.json:
        data = report_to_dict(report, sources=True)
        print_json({"id": info.id, "status": info.status, **data})
        return 0
    form = report.form
    print(f"草稿 {info.id}：{report.title}（{STATUS_NAMES[info.status]}，修改于 {_when(info.modified)}）")
    if info.carried_from:
        print(f"从上年结转：{info.carried_from}")
    for table in form.tables.values():
        ids = table.cell_ids()
        filled = [c for c in ids if not report.is_blank(c)]
        print(f"\n{table.title}（已填 {len(filled)}/{len(ids)} 格）")
        for cid in filled:
            cdef = form.cells[cid]
            bad = report.invalid.get(cid)
            shown = f"“{bad.raw}”（无效：{bad.reason}）" if bad else format_value(report.values[cid], cdef.kind)
            source = SOURCE_NAMES.get(report.sources.get(cid, ""), "")
            print(f"  {cdef.row.name}「{cdef.column.name}」 {shown}" + (f"（{source}）" if source else ""))
    print()
    for tid in form.text_ids():
        field = form.texts[tid]
        text = report.text(tid)
        if not text and field.whole_of:
            continue
        source = report.text_sources.get(tid)
        mark = "（上年结转，需改写）" if source == "carried" else ""
        shown = (text.replace("\n", " ")[:40] + ("…" if len(text) > 40 else "")) if text else "（未填写）"
        print(f"{field.heading}{mark}：{shown}")
    return 0


def _check(store, args) -> int:
    from ..rules import acknowledge, check
    from .common import counts, print_findings, print_json

    draft = store.load(args.id)
    findings = acknowledge(check(draft.report, draft.last_year, complete=True), draft.acks)
    errors, warnings = counts(findings)
    if args.json:
        print_json({"id": draft.id, "agency": draft.report.agency, "year": draft.report.year,
                    "status": draft.info.status, "findings": [f.to_dict() for f in findings]})
    elif not findings:
        print(f"草稿 {draft.id}：{draft.report.title} — 没有发现问题")
    else:
        print(f"草稿 {draft.id}：{draft.report.title} — {errors}个错误，{warnings}个提示")
        print_findings(findings)
    return 1 if errors else 0


def _export(store, args) -> int:
    from .convert import write_report

    draft = store.load(args.id)
    status, _ = write_report(draft.report, args.output, final=args.final, last_year=draft.last_year,
                             fonts=args.fonts)
    if status == 0:
        print(f"已导出：{args.output}")
        if args.final and not draft.is_final:
            from ..operations import edit

            edit(store, args.id, lambda e: e.mark_final())
            print(f"草稿 {args.id} 已定稿（只读）；如需修改：reportdesk drafts reopen {args.id}")
    return status


def _delete(store, args) -> int:
    title = store.load(args.id).report.title
    kept = store.delete(args.id)
    print(f"已删除草稿 {args.id}：{title}；删除前的数据已备份为 {kept.name}")
    return 0


def _history(store, args) -> int:
    from .common import print_json

    entries = store.history(args.id, since=args.since)
    if args.json:
        print_json([e.to_dict() for e in entries])
        return 0
    if not entries:
        print("没有修改记录" + ("（这段时间内）" if args.since else ""))
        return 0
    form = store.load(args.id).report.form
    for e in entries:
        action = {"undo": "（撤销）", "redo": "（重做）", "revert": "（取消输入）"}.get(e.action, "")
        print(f"{_when(e.time, seconds=True)}  {_target_name(form, e.cell)}{action}：{_shown(e.old)} → {_shown(e.new)}")
    return 0


def _reopen(store, args) -> int:
    draft = store.load(args.id)
    if not draft.is_final:
        print(f"草稿 {args.id} 本来就可以修改")
        return 0
    from ..operations import edit

    edit(store, args.id, lambda e: e.reopen())
    print(f"草稿 {args.id} 已重新打开，可以修改")
    return 0


def _backups(path, args) -> int:
    from ..store import list_backups
    from .common import print_json

    found = list_backups(path)
    if args.json:
        print_json([b.to_dict() for b in found])
        return 0
    if not found:
        print(f"“{path}”还没有备份")
        return 0
    for b in found:
        print(f"{b.name}  {b.when}  {_size(b.size):>8}  {REASON_NAMES.get(b.reason, b.reason)}")
    return 0


def _restore(path, args) -> int:
    from ..store import DraftStore, restore_backup

    backup, aside = restore_backup(path, args.backup)
    with DraftStore(path) as store:
        count = len(store.list_drafts())
    print(f"已从备份 {backup.name}（{backup.when}）恢复草稿数据库，共 {count} 份草稿")
    if aside is not None:
        print(f"原来的数据库文件另存为：{aside}")
    return 0


COMMANDS = {"list": _list, "import": _import, "new": _new, "set": _set, "text": _text, "show": _show,
            "check": _check, "export": _export, "delete": _delete, "history": _history, "reopen": _reopen,
            "undo": _undo, "redo": _redo, "upgrade": _upgrade}


# -- presentation


def _columns(texts, widths) -> str:
    """One line of a table whose columns line up on a terminal (a Chinese character is two wide)."""
    import unicodedata

    def width(text: str) -> int:
        return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)

    cells = [text + " " * max(1, w - width(text)) for text, w in zip(texts, widths)]
    return "".join(cells) + "".join(texts[len(widths):])


def _when(iso: str, seconds: bool = False) -> str:
    return iso[:19 if seconds else 16].replace("T", " ")


def _size(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size < 1 << 20 else f"{size / (1 << 20):.1f} MB"


def _target_name(form, target: str) -> str:
    if "|" in target:   # a 已核实 mark: the finding's rule and place
        from ..rules import verified_name

        return f"{verified_name(form, target)}的核实理由"
    if target in form.cells:
        return form.cell_name(target)
    if target in form.texts:
        return f"文字「{form.texts[target].heading}」"
    return {"status": "状态", "agency": "机关名称", "year": "年度", "form": "报告格式"}.get(target, target)


def _shown(value) -> str:
    from ..store.records import STATUS_NAMES

    if value is None or value == "":
        return "（空）"
    if isinstance(value, str):
        if value in STATUS_NAMES:
            return STATUS_NAMES[value]
        flat = value.replace("\n", " ")
        return f"“{flat[:30]}…”" if len(flat) > 30 else f"“{flat}”"
    return str(value)
