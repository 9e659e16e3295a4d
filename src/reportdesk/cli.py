"""The command line: ``reportdesk check | summary | convert | drafts | screenshots`` and the GUI.

Exit status everywhere (interfaces.md): 0 done and no errors; 1 done, but a report has
errors or the request was refused; 2 could not be done. Messages for people are Chinese,
failures go to stderr, and no Python traceback ever reaches a user.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from . import __version__
from .crashlog import log_crash
from .display import NO_DISPLAY_MESSAGE, has_display
from .errors import ReportdeskError

# Each module under reportdesk.commands adds one subcommand: it defines NAME, HELP,
# add_arguments(parser) and run(args) -> int, and keeps its module-level imports light.
COMMAND_MODULES = ("check", "summary", "convert", "drafts", "form", "screenshots")

EXIT_OK, EXIT_ERRORS, EXIT_FAILED = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse with Chinese usage errors and exit status 2."""

    def error(self, message: str) -> None:  # noqa: D102 - argparse API
        self.print_usage(sys.stderr)
        translated = (message.replace("the following arguments are required", "缺少参数")
                      .replace("unrecognized arguments", "无法识别的参数")
                      .replace("invalid choice", "无效的选项")
                      .replace("expected one argument", "需要一个参数")
                      .replace("argument ", "参数 "))
        self.exit(EXIT_FAILED, f"reportdesk：{translated}\n")


def _commands() -> list:
    mods = []
    for name in COMMAND_MODULES:
        try:
            mods.append(importlib.import_module(f"reportdesk.commands.{name}"))
        except ModuleNotFoundError as exc:
            if exc.name != f"reportdesk.commands.{name}":
                raise
    return mods


def build_parser() -> argparse.ArgumentParser:
    """The whole argument parser (every subcommand)."""
    parser = _Parser(prog="reportdesk", description="政府信息公开工作年度报告：填报、校验、导出。不带参数时打开填报窗口。")
    parser.add_argument("--version", action="version", version=f"reportdesk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)
    for mod in _commands():
        p = sub.add_parser(mod.NAME, help=mod.HELP, description=mod.HELP)
        mod.add_arguments(p)
        p.set_defaults(run=mod.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line (or the GUI when no command is given); return the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if getattr(sys, "frozen", False):
        # a frozen program's worker processes (check/summary of a folder) start through the
        # program itself: this runs the worker and exits when called as one
        import multiprocessing

        multiprocessing.freeze_support()
    _utf8_streams()
    try:
        if not argv:
            return run_gui()
        args = build_parser().parse_args(argv)
        if getattr(args, "run", None) is None:
            return run_gui()
        status = int(args.run(args))
        sys.stdout.flush()  # a closed pipe (`reportdesk check … | head`) shows here, not at exit
        return status
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_OK
    except ReportdeskError as exc:
        print(f"reportdesk：{exc.message}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("reportdesk：已中断", file=sys.stderr)
        return 130
    except Exception as exc:  # the last line of defence: no traceback reaches a person
        where = log_crash()
        print(f"reportdesk：程序内部错误（{type(exc).__name__}），详细信息已记录在 {where}，请把这个文件交给技术人员",
              file=sys.stderr)
        return EXIT_FAILED


def run_gui() -> int:
    """Open the wizard, or say clearly that there is no display (exit 2)."""
    if not has_display():
        print(NO_DISPLAY_MESSAGE, file=sys.stderr)
        return EXIT_FAILED
    try:
        app = importlib.import_module("reportdesk.ui.app")
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith("reportdesk.ui"):
            print("reportdesk：这个版本还没有填报窗口，请使用命令行（reportdesk --help）", file=sys.stderr)
            return EXIT_FAILED
        raise
    return int(app.run())


def _silence_stdout() -> None:
    """The reader of our output went away: send the rest nowhere, so exit does not complain."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _utf8_streams() -> None:
    """Chinese output must not crash on a console with a narrow encoding."""
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream and (stream.encoding or "").lower().replace("-", "") not in ("utf8", "gb18030", "gbk", "cp936"):
                stream.reconfigure(errors="replace")
        except (AttributeError, ValueError):
            pass
