"""``reportdesk form check FILE``: validate a form file — the tool of whoever edits the next format.

Exit 0 with a one-line summary when the file is a valid form; 2 with every problem listed
(line, place in the file, what is wrong, the nearest valid key for a misspelt one).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

NAME = "form"
HELP = "检查报告格式定义文件（.toml）：列出全部错误"


def add_arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="form_command", metavar="子命令", required=True)
    c = sub.add_parser("check", help="检查一个格式定义文件", description="检查一个格式定义文件：键、类型、引用的编号、总计的来源")
    c.add_argument("file", metavar="FILE")


def run(args: argparse.Namespace) -> int:
    from ..form import FormProblems, load_form_file

    path = Path(args.file)
    if not path.is_file():
        print(f"reportdesk：找不到文件“{path}”", file=sys.stderr)
        return 2
    try:
        form = load_form_file(path)
    except FormProblems as exc:
        print(f"{path}：{len(exc.problems)}处错误", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {path}:{problem}", file=sys.stderr)
        return 2
    computed = len(form.formulas)
    print(f"{path}：格式“{form.id}”第 {form.version} 版，没有发现错误 — {len(form.parts)}个部分，"
          f"{len(form.tables)}个表格，{len(form.cells)}个单元格（其中{computed}个自动计算），{len(form.texts)}段文字，"
          f"{len(form.rules)}条规则")
    return 0
