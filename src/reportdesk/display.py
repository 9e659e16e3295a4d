"""Whether a window can be shown, and what to say when it cannot (Qt-free: the command line
and the window both need it, and neither imports the other)."""

from __future__ import annotations

import os
import sys


def has_display() -> bool:
    """Whether a window can be shown: always on Windows and macOS; on Linux, X11 or Wayland."""
    if sys.platform in ("win32", "darwin"):
        return True
    if os.environ.get("QT_QPA_PLATFORM", "").split(":")[0] in ("offscreen", "minimal", "vnc", "eglfs", "linuxfb"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


NO_DISPLAY_MESSAGE = ("reportdesk：没有可用的图形显示（DISPLAY），无法打开填报窗口。"
                      "可以使用命令行：reportdesk check 报告文件、reportdesk convert 输入 -o 输出、"
                      "reportdesk drafts …、reportdesk screenshots 文件夹（reportdesk --help 查看全部）")


__all__ = ["has_display", "NO_DISPLAY_MESSAGE"]
