"""检查与导出: every finding of the finished report, then Word, PDF, printing and the 校验单.

The Word document comes from ``reportdesk.export.docx.docx_bytes`` (through the same writer
table as ``reportdesk convert``), printing and PDF from ``reportdesk.ui.printing``; this page
only asks where to write and refuses a final version while errors remain.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (QApplication, QComboBox, QGridLayout, QHBoxLayout, QLabel, QMenu, QPushButton,
                               QSizePolicy, QTreeWidget, QTreeWidgetItem, QWidget)

from ..errors import ReportdeskError
from ..rules import ERROR, Finding, has_errors
from .findings import SEVERITY_NAMES, add_verify_action, can_verify, dot_icon, finding_text
from .messages import ask, os_reason, warn
from .pages import FoldingLabel, StepPage
from .progress import Step, group_findings
from .session import DraftSession, Update
from . import theme


FONT_SETTING_KEY = "export/fonts"
BUTTON_ORDER = ("docx", "final", "preview", "pdf", "checklist", "checklist_pdf", "json", "status")


def docx_writer():
    """``docx_bytes(report, findings, final, fonts)``: the writer ``reportdesk convert`` uses too."""
    from ..commands.convert import writer_for

    return writer_for(".docx")


class CheckPage(StepPage):
    """The whole report checked as finished, grouped by part and severity; export and print."""

    def __init__(self, session: DraftSession, step: Step, steps: list[Step], parent=None):
        super().__init__(session, step, parent)
        self.steps = steps
        self.summary = QLabel()
        self.summary.setObjectName("checkSummary")
        self.summary.setWordWrap(True)
        head = QHBoxLayout()
        head.addWidget(self.summary, 1)
        # a warning the clerk has looked into: 已核实 with a reason (printed on the 校验单)
        self.verify_button = QPushButton("标为已核实…")
        self.verify_button.setObjectName("verify")
        self.verify_button.setAccessibleDescription("选中的提示核实过确实没有问题：写明理由后标为已核实，"
                                                    "不再提醒，校验单上印“已核实（理由）”")
        self.verify_button.setToolTip(self.verify_button.accessibleDescription() + "（Ctrl+K）")
        self.verify_button.setEnabled(False)
        self.verify_button.clicked.connect(lambda: self.verify(self._current()))
        head.addWidget(self.verify_button, 0, Qt.AlignTop)
        self.layout_.addLayout(head)
        self.tree = QTreeWidget()
        self.tree.setObjectName("allFindings")
        self.tree.setAccessibleName("整份报告发现的问题")
        self.tree.setAccessibleDescription("按部分和轻重分组；点击一条问题，转到要修改的格子或文字")
        self.tree.setHeaderHidden(True)
        self.tree.setWordWrap(True)
        self.tree.setTextElideMode(Qt.ElideNone)
        from .findings import wrapping_rows

        self.tree.setItemDelegate(wrapping_rows(self.tree))   # a long diagnosis wraps, never cut
        self.tree.itemClicked.connect(self._clicked)
        self.tree.itemActivated.connect(self._clicked)
        self.tree.currentItemChanged.connect(lambda *_: self._show_verify())
        self.tree.setContextMenuPolicy(Qt.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._menu)
        QShortcut(QKeySequence("Ctrl+K"), self.tree, lambda: self.verify(self._current()),
                  context=Qt.WidgetShortcut)
        self.layout_.addWidget(self.tree, 1)

        self.fonts = QComboBox()
        self.fonts.setObjectName("fontSetting")
        self.fonts.setAccessibleName("Word 文档字体")
        self.fonts.setAccessibleDescription("导出的 Word 文档使用规范字体（_GB2312 等）还是常用字体（宋体、仿宋、楷体、黑体）")
        self.fonts.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.fonts.setMinimumContentsLength(14)   # a narrow window cuts the list's text, not the page
        from ..export.fonts import FONT_SETTINGS, OFFICIAL

        for key, text in FONT_SETTINGS.items():
            self.fonts.addItem(text, key)
        saved = QSettings().value(FONT_SETTING_KEY, OFFICIAL)
        self.fonts.setCurrentIndex(max(0, self.fonts.findData(saved)))
        self.fonts.currentIndexChanged.connect(self._fonts_changed)
        row = QHBoxLayout()
        row.addWidget(QLabel("Word 文档字体："))
        # as wide as its longest choice where there is room, narrower (cut) where there is not
        self.fonts.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        row.addWidget(self.fonts, 1)
        row.addStretch(1)
        self.layout_.addLayout(row)
        self.font_note = FoldingLabel()     # one line in a low window (all of it in the tooltip)
        self.font_note.setObjectName("fontNote")
        self.layout_.addWidget(self.font_note)
        self.folding.append(self.font_note)
        self._fonts_changed()

        self.button_grid = QGridLayout()
        self.buttons: dict[str, QPushButton] = {}
        specs = [
            ("docx", "导出 Word（草稿）…", self.export_draft, "把报告导出为 Word 文档；还有错误时标“草稿”"),
            ("final", "导出正式版 Word…", self.export_final, "没有错误时导出正式版 Word 文档"),
            ("preview", "打印预览（Ctrl+P）…", self.print_report, "预览并打印报告"),
            ("pdf", "导出 PDF…", self.export_pdf, "把报告导出为 PDF 文件"),
            ("checklist", "校验单预览与打印…", self.print_checklist, "预览并打印校验单（各项检查的结果）"),
            ("checklist_pdf", "校验单导出 PDF…", self.export_checklist_pdf, "把校验单导出为 PDF 文件"),
            ("json", "另存为报告文件（.json）…", self.export_json, "保存为报告文件，可以交给别人检查或导入"),
            ("status", "", self.toggle_final, "定稿后只能查看；重新打开后可以修改"),
        ]
        for key, text, slot, what in specs:
            button = QPushButton(text)
            button.clicked.connect(slot)
            button.setAccessibleDescription(what)
            button.setToolTip(what)
            self.buttons[key] = button
        self.buttons["final"].setObjectName("primary")
        self._button_columns = 0
        self._place_buttons(4)
        self.layout_.addLayout(self.button_grid)
        self.done_path: Path | None = None
        self.done_bar = QWidget()
        self.done_bar.setObjectName("exportDone")
        done = QHBoxLayout(self.done_bar)
        done.setContentsMargins(0, 4, 0, 0)
        self.done_label = QLabel()
        self.done_label.setObjectName("doneLabel")
        self.done_label.setTextFormat(Qt.PlainText)
        self.done_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        done.addWidget(self.done_label, 1)
        for key, text, slot, what in (("open_file", "打开文件", self.open_done_file, "用电脑上的程序打开刚导出的文件"),
                                      ("open_folder", "打开所在文件夹", self.open_done_folder, "打开刚导出的文件所在的文件夹")):
            button = QPushButton(text)
            button.setAccessibleDescription(what)
            button.clicked.connect(slot)
            done.addWidget(button)
            self.buttons[key] = button
        self.done_bar.hide()
        self.layout_.addWidget(self.done_bar)
        self.findings: list[Finding] = []
        self.diagnoses: list = []
        self._shown: list = []
        self.refresh()

    def _place_buttons(self, columns: int) -> None:
        """Four buttons a row, or two in a narrow window (in reading order either way)."""
        if columns == self._button_columns:
            return
        self._button_columns = columns
        for i, button in enumerate(self.buttons[k] for k in BUTTON_ORDER):
            self.button_grid.addWidget(button, i // columns, i % columns)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        # the font list as wide as its longest choice (measured now: the style sheet's font applies)
        self.fonts.setMaximumWidth(max(self.fonts.fontMetrics().horizontalAdvance(self.fonts.itemText(i))
                                       for i in range(self.fonts.count())) + 48)
        room = self.parentWidget().width() if self.parentWidget() is not None else self.width()   # its scroll area's
        widths = [self.buttons[k].sizeHint().width() for k in BUTTON_ORDER]
        four = sum(max(widths[c], widths[c + 4]) for c in range(4)) + 3 * self.button_grid.spacing()
        margins = self.layout_.contentsMargins()
        wide = four + margins.left() + margins.right() <= room
        self._place_buttons(4 if wide else 2)

    # -- fonts

    @property
    def font_setting(self) -> str:
        """"official" (方正小标宋简体, 仿宋_GB2312 …) or "common" (宋体, 仿宋, 楷体, 黑体)."""
        return self.fonts.currentData()

    def _fonts_changed(self) -> None:
        from ..export.fonts import font_warning

        QSettings().setValue(FONT_SETTING_KEY, self.font_setting)
        warning = font_warning(self.font_setting)
        self.font_note.set_full(warning)
        self.font_note.setVisible(bool(warning))

    # -- findings

    def refresh(self) -> None:
        """Check the report as finished and show the findings grouped by part and severity."""
        self.findings = self.session.findings_complete()
        errors = sum(f.severity == ERROR for f in self.findings)
        verified = sum(bool(f.acknowledged) for f in self.findings)
        warnings = len(self.findings) - errors - verified
        blanks = len(self.session.report.blank_cells())
        checked = f"（{verified} 个提示已核实）" if verified else ""
        if errors:
            text = f"还有 <b style='color:#c62828'>{errors} 个错误</b>" + (f"、{warnings} 个提示" if warnings else "")
            if blanks:
                text += f"，{blanks} 个格子未填"
            text += f"{checked}。改正错误后才能导出正式版；草稿随时可以导出、打印。"
        elif warnings:
            text = (f"没有错误，有 <b style='color:#b7791f'>{warnings} 个提示</b>{checked}：请逐条改正，"
                    "或核实无误后点“标为已核实”写明理由。")
        elif verified:
            text = f"<b style='color:#2e7d32'>没有错误，{verified} 个提示都已核实，可以导出正式版。</b>"
        else:
            text = "<b style='color:#2e7d32'>报告没有发现问题，可以导出正式版。</b>"
        self.summary.setText(text)
        self.tree.clear()
        from ..diagnose import diagnose

        self.diagnoses = diagnose(self.session.report, self.findings, self.session.last_year, self.recent()) \
            if errors else []
        self._shown = []
        for part, severity, items in group_findings(self.steps, self.findings, self.form):
            done = sum(bool(f.acknowledged) for f in items)
            top = QTreeWidgetItem([f"{part} — {SEVERITY_NAMES[severity]} {len(items)} 条"
                                   + (f"（{done} 条已核实）" if done else "")])
            top.setIcon(0, dot_icon(theme.SEVERITY_COLOURS[severity]))
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            explained, causes = set(), []
            for d in self.diagnoses:   # the likely mistake first, the errors it explains under it
                if not any(f in items for f in d.findings):
                    continue
                cause = self._item(d, d.message, theme.DIAGNOSIS_COLOUR)
                cause.setFont(0, font)
                for f in d.findings:
                    cause.addChild(self._item(f, finding_text(f).replace("\n", "  —  ")))
                    explained.add(id(f))
                top.addChild(cause)
                causes.append(cause)
            for f in sorted(items, key=lambda f: bool(f.acknowledged)):   # 已核实 last
                if id(f) not in explained:
                    item = self._item(f, finding_text(f).replace("\n", "  —  "),
                                      theme.VERIFIED_COLOUR if f.acknowledged else None)
                    if f.acknowledged:
                        item.setForeground(0, QColor(theme.VERIFIED_COLOUR))
                    top.addChild(item)
            self.tree.addTopLevelItem(top)
            top.setExpanded(severity == ERROR or len(items) - done <= 8)
            for cause in causes:   # (an item expands only once it is in the tree)
                cause.setExpanded(True)
        if not self.findings:   # say so where the findings would be, not an empty box
            done = QTreeWidgetItem([f"{len(self.form.rules)} 项检查全部通过：各表数字对得上，各部分文字齐全。"])
            done.setIcon(0, dot_icon(theme.STATE_COLOURS["done"]))
            done.setForeground(0, QColor(theme.STATE_COLOURS["done"]))
            done.setFlags(Qt.ItemIsEnabled)   # not selectable; enabled keeps its dot green
            self.tree.addTopLevelItem(done)
        self._show_status()

    def _item(self, what, text: str, colour: str | None = None) -> QTreeWidgetItem:
        item = QTreeWidgetItem([text])
        item.setData(0, Qt.UserRole, len(self._shown))
        item.setToolTip(0, getattr(what, "message", text))
        if colour:
            item.setIcon(0, dot_icon(colour))
        self._shown.append(what)
        return item

    def _current(self):
        item = self.tree.currentItem()
        index = item.data(0, Qt.UserRole) if item is not None else None
        return self._shown[index] if index is not None else None

    def _show_verify(self) -> None:
        what = self._current()
        self.verify_button.setEnabled(can_verify(what) and not self.session.read_only)
        self.verify_button.setText("取消已核实…" if can_verify(what) and what.acknowledged else "标为已核实…")

    def _menu(self, pos) -> None:
        item = self.tree.itemAt(pos)
        index = item.data(0, Qt.UserRole) if item is not None else None
        if index is None:
            return
        what = self._shown[index]
        self.tree.setCurrentItem(item)
        menu = QMenu(self)
        menu.addAction("转到").triggered.connect(lambda: self.finding_chosen.emit(what))
        if not self.session.read_only:
            add_verify_action(menu, what, self.verify)
        menu.exec(self.tree.viewport().mapToGlobal(pos))

    def verify(self, finding) -> bool:
        """标为已核实… (or 取消已核实…) on the chosen warning; the list is redrawn with the mark
        and the same warning stays chosen."""
        if finding is None:
            return False
        key = finding.key
        if not super().verify(finding):
            return False
        self.refresh()
        for i, what in enumerate(self._shown):
            if getattr(what, "key", None) == key:
                item = self._item_at(i)
                if item is not None:
                    self.tree.setCurrentItem(item)
                break
        return True

    def _item_at(self, index: int) -> QTreeWidgetItem | None:
        stack = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        while stack:
            item = stack.pop()
            if item.data(0, Qt.UserRole) == index:
                return item
            stack.extend(item.child(j) for j in range(item.childCount()))
        return None

    def _show_status(self) -> None:
        self.buttons["status"].setText("重新打开编辑" if self.session.read_only else "标为已定稿（只读）")
        self._show_verify()

    def _clicked(self, item: QTreeWidgetItem) -> None:
        i = item.data(0, Qt.UserRole)
        if i is not None:
            self.finding_chosen.emit(self._shown[i])

    def on_update(self, update: Update) -> None:
        if self.isVisible():
            self.refresh()

    def enter(self) -> None:
        self.refresh()
        self.tree.setFocus()

    def set_read_only(self, read_only: bool) -> None:
        self._show_status()

    # -- files

    def _ask_path(self, title: str, suffix: str, filter_: str, what: str = "") -> Path | None:
        from ..fileio import safe_file_name
        from .files import ask_save

        name = safe_file_name(f"{self.session.report.title}{what}") + suffix
        return ask_save(self, title, name, filter_, "export/folder", suffix)

    def _export(self, title: str, suffix: str, filter_: str, what: str, label: str, make,
                here=None) -> Path | None:
        """Ask where, then write ``make(report, findings)``'s bytes there with progress after a
        second (a PDF through LibreOffice takes long the first time); offer to open the file.

        ``make`` runs in a thread; when it returns None, ``here(report, findings)`` makes the
        bytes in this (the GUI) thread instead — Qt's own PDF drawing belongs there."""
        from ..fileio import write_atomic
        from .busy import run_busy

        path = self._ask_path(title, suffix, filter_, what)
        if path is None:
            return None
        # a copy: the work runs in a thread while the window repaints
        report, findings = self.session.report.copy(), self.session.findings_complete()
        try:
            data = run_busy(self, f"{label}……", lambda: make(report, findings))
            if data is None:
                data = here(report, findings)
            run_busy(self, f"正在保存 {path.name}……", lambda: write_atomic(path, data))
        except ReportdeskError as exc:
            warn(self, "无法导出", exc.message)
            return None
        except OSError as exc:
            warn(self, "无法导出", f"无法保存“{path.name}”：{os_reason(exc)}")
            return None
        self.show_done(path)
        return path

    def show_done(self, path: Path) -> None:
        """“已导出 …” with 打开文件 and 打开所在文件夹, until the next export."""
        self.done_path = path
        self.done_label.setText(f"已导出：{path}")
        self.done_label.setToolTip(str(path))
        self.done_bar.show()
        self.message.emit(f"已保存 {path}")

    def open_done_file(self) -> bool:
        """打开文件: the exported file in the program the system opens it with."""
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        if self.done_path is None:
            return False
        ok = QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.done_path)))
        if not ok:
            warn(self, "无法打开", f"系统没有能打开“{self.done_path.name}”的程序。文件在：\n{self.done_path.parent}")
        return ok

    def open_done_folder(self) -> bool:
        """打开所在文件夹: the folder of the exported file (on Windows with the file selected)."""
        from PySide6.QtCore import QProcess, QUrl
        from PySide6.QtGui import QDesktopServices

        if self.done_path is None:
            return False
        if sys.platform == "win32" and QProcess.startDetached("explorer.exe", [f"/select,{self.done_path}"]):
            return True
        ok = QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.done_path.parent)))
        if not ok:
            warn(self, "无法打开", f"无法打开文件夹：\n{self.done_path.parent}")
        return ok

    def export_draft(self) -> Path | None:
        """A Word document of the report as it is (marked 草稿 if it has errors)."""
        return self._export_docx(final=False)

    def export_final(self) -> Path | None:
        """The final Word document; refused, with the errors listed, while errors remain."""
        findings = self.session.findings_complete()
        if has_errors(findings):
            errors = [f for f in findings if f.severity == ERROR]
            listed = "\n".join(f"· {f.message}" for f in errors[:12])
            more = f"\n……共 {len(errors)} 个错误" if len(errors) > 12 else ""
            warn(self, "还不能导出正式版", f"报告还有 {len(errors)} 个错误，不能导出正式版。请先改正：\n\n{listed}{more}")
            self.refresh()
            return None
        path = self._export_docx(final=True)
        if path is not None and not self.session.read_only:
            if ask(self, "正式版已导出", f"正式版已保存到\n{path}\n\n把这份草稿标为“已定稿”（只读）吗？以后仍可重新打开编辑。",
                   default=True):
                self.session.mark_final()
        return path

    def _export_docx(self, final: bool) -> Path | None:
        writer, fonts = docx_writer(), self.font_setting
        return self._export("导出正式版 Word" if final else "导出 Word（草稿）", ".docx", "Word 文档 (*.docx)",
                            "" if final else "（草稿）", "正在生成 Word 文档",
                            lambda report, findings: writer(report, findings, final, fonts))

    def export_json(self) -> Path | None:
        """The report file (.json) of interfaces.md, to hand over or to check elsewhere."""
        from ..reportfile import dumps

        return self._export("另存为报告文件", ".json", "报告文件 (*.json)", "", "正在保存报告文件",
                            lambda report, findings: dumps(report).encode("utf-8"))

    def print_report(self) -> None:
        """Print preview of the report (Ctrl+P)."""
        self._preview("report")

    def print_checklist(self) -> None:
        """Print preview of the 校验单."""
        self._preview("checklist")

    def _preview(self, what: str) -> None:
        from .printing import print_preview as preview

        try:
            preview(self, self.session.report, what=what, findings=self.session.findings_complete(),
                    last_year=self.session.last_year, fonts=self.font_setting)
        except ReportdeskError as exc:
            warn(self, "无法打印", exc.message)

    def export_pdf(self) -> Path | None:
        return self._pdf("report", "")

    def export_checklist_pdf(self) -> Path | None:
        return self._pdf("checklist", "校验单")

    def _pdf(self, what: str, suffix_name: str) -> Path | None:
        """A PDF drawn by Qt (in this thread: Qt's painting belongs to it; well under a second)."""
        from ..export.pdf import layout_pdf
        from .printing import layout_for

        last_year, fonts = self.session.last_year, self.font_setting

        def here(report, findings) -> bytes:
            QApplication.setOverrideCursor(Qt.WaitCursor)
            try:
                return layout_pdf(layout_for(report, what, findings=findings, last_year=last_year, fonts=fonts))
            finally:
                QApplication.restoreOverrideCursor()

        return self._export("导出 PDF", ".pdf", "PDF 文件 (*.pdf)", suffix_name, "正在生成 PDF",
                            lambda report, findings: None, here=here)

    def toggle_final(self) -> None:
        """定稿 (read-only) or 重新打开编辑."""
        try:
            if self.session.read_only:
                self.session.reopen()
            else:
                if has_errors(self.session.findings_complete()) and \
                        not ask(self, "标为已定稿", "报告还有错误。仍然标为已定稿（只读）吗？"):
                    return
                self.session.mark_final()
        except ReportdeskError as exc:
            warn(self, "无法完成", exc.message)
        self._show_status()
