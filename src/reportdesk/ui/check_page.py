"""检查与导出: every finding of the finished report, then Word, PDF, printing and the 校验单.

The Word document comes from ``reportdesk.export.docx.docx_bytes`` (through the same writer
table as ``reportdesk convert``), printing and PDF from ``reportdesk.ui.printing``; this page
only asks where to write and refuses a final version while errors remain.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QComboBox, QFileDialog, QGridLayout, QHBoxLayout, QLabel, QMessageBox, QPushButton,
                               QTreeWidget, QTreeWidgetItem)

from ..errors import ReportdeskError
from ..rules import ERROR, Finding, has_errors
from .findings import SEVERITY_NAMES, dot_icon, finding_text
from .pages import StepPage
from .progress import Step, group_findings
from .session import DraftSession, Update
from . import theme


FONT_SETTING_KEY = "export/fonts"


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
        self.layout_.addWidget(self.summary)
        self.tree = QTreeWidget()
        self.tree.setObjectName("allFindings")
        self.tree.setHeaderHidden(True)
        self.tree.setWordWrap(True)
        self.tree.itemClicked.connect(self._clicked)
        self.tree.itemActivated.connect(self._clicked)
        self.layout_.addWidget(self.tree, 1)

        self.fonts = QComboBox()
        self.fonts.setObjectName("fontSetting")
        from ..export.fonts import FONT_SETTINGS, OFFICIAL

        for key, text in FONT_SETTINGS.items():
            self.fonts.addItem(text, key)
        saved = QSettings().value(FONT_SETTING_KEY, OFFICIAL)
        self.fonts.setCurrentIndex(max(0, self.fonts.findData(saved)))
        self.fonts.currentIndexChanged.connect(self._fonts_changed)
        row = QHBoxLayout()
        row.addWidget(QLabel("Word 文档字体："))
        row.addWidget(self.fonts)
        row.addStretch(1)
        self.layout_.addLayout(row)
        self.font_note = QLabel()
        self.font_note.setObjectName("fontNote")
        self.font_note.setWordWrap(True)
        self.layout_.addWidget(self.font_note)
        self._fonts_changed()

        grid = QGridLayout()
        self.buttons: dict[str, QPushButton] = {}
        specs = [
            ("docx", "导出 Word（草稿）…", self.export_draft, 0, 0),
            ("final", "导出正式版 Word…", self.export_final, 0, 1),
            ("preview", "打印预览（Ctrl+P）…", self.print_report, 0, 2),
            ("pdf", "导出 PDF…", self.export_pdf, 0, 3),
            ("checklist", "校验单预览与打印…", self.print_checklist, 1, 0),
            ("checklist_pdf", "校验单导出 PDF…", self.export_checklist_pdf, 1, 1),
            ("json", "另存为报告文件（.json）…", self.export_json, 1, 2),
            ("status", "", self.toggle_final, 1, 3),
        ]
        for key, text, slot, r, c in specs:
            button = QPushButton(text)
            button.clicked.connect(slot)
            grid.addWidget(button, r, c)
            self.buttons[key] = button
        self.buttons["final"].setObjectName("primary")
        self.layout_.addLayout(grid)
        self.findings: list[Finding] = []
        self.refresh()

    # -- fonts

    @property
    def font_setting(self) -> str:
        """"official" (方正小标宋简体, 仿宋_GB2312 …) or "common" (宋体, 仿宋, 楷体, 黑体)."""
        return self.fonts.currentData()

    def _fonts_changed(self) -> None:
        from ..export.fonts import font_warning

        QSettings().setValue(FONT_SETTING_KEY, self.font_setting)
        warning = font_warning(self.font_setting)
        self.font_note.setText(warning)
        self.font_note.setVisible(bool(warning))

    # -- findings

    def refresh(self) -> None:
        """Check the report as finished and show the findings grouped by part and severity."""
        self.findings = self.session.findings_complete()
        errors = sum(f.severity == ERROR for f in self.findings)
        warnings = len(self.findings) - errors
        blanks = len(self.session.report.blank_cells())
        if errors:
            text = f"还有 <b style='color:#c62828'>{errors} 个错误</b>" + (f"、{warnings} 个提示" if warnings else "")
            if blanks:
                text += f"，{blanks} 个格子未填"
            text += "。改正错误后才能导出正式版；草稿随时可以导出、打印。"
        elif warnings:
            text = f"没有错误，有 <b style='color:#b7791f'>{warnings} 个提示</b>，请逐条核实后导出正式版。"
        else:
            text = "<b style='color:#2e7d32'>报告没有发现问题，可以导出正式版。</b>"
        self.summary.setText(text)
        self.tree.clear()
        for part, severity, items in group_findings(self.steps, self.findings, self.form):
            top = QTreeWidgetItem([f"{part} — {SEVERITY_NAMES[severity]} {len(items)} 条"])
            top.setIcon(0, dot_icon(theme.SEVERITY_COLOURS[severity]))
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            for f in items:
                child = QTreeWidgetItem([finding_text(f).replace("\n", "  —  ")])
                child.setData(0, Qt.UserRole, self.findings.index(f))
                child.setToolTip(0, f.message)
                top.addChild(child)
            self.tree.addTopLevelItem(top)
            top.setExpanded(severity == ERROR or len(items) <= 8)
        if not self.findings:   # say so where the findings would be, not an empty box
            done = QTreeWidgetItem([f"{len(self.form.rules)} 项检查全部通过：各表数字对得上，各部分文字齐全。"])
            done.setIcon(0, dot_icon(theme.STATE_COLOURS["done"]))
            done.setForeground(0, QColor(theme.STATE_COLOURS["done"]))
            done.setFlags(Qt.ItemIsEnabled)   # not selectable; enabled keeps its dot green
            self.tree.addTopLevelItem(done)
        self._show_status()

    def _show_status(self) -> None:
        self.buttons["status"].setText("重新打开编辑" if self.session.read_only else "标为已定稿（只读）")

    def _clicked(self, item: QTreeWidgetItem) -> None:
        i = item.data(0, Qt.UserRole)
        if i is not None:
            self.finding_chosen.emit(self.findings[i])

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
        settings = QSettings()
        folder = settings.value("export/folder", str(Path.home()))
        from ..fileio import safe_file_name

        name = safe_file_name(f"{self.session.report.title}{what}") + suffix
        path, _ = QFileDialog.getSaveFileName(self, title, str(Path(folder) / name), filter_)
        if not path:
            return None
        path = Path(path)
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        settings.setValue("export/folder", str(path.parent))
        return path

    def _write(self, path: Path, data: bytes) -> bool:
        from ..fileio import write_atomic

        try:
            write_atomic(path, data)
        except ReportdeskError as exc:
            QMessageBox.warning(self, "无法保存", exc.message)
            return False
        except OSError as exc:
            QMessageBox.warning(self, "无法保存", f"无法写入 {path}：{exc.strerror or exc}")
            return False
        self.message.emit(f"已保存 {path}")
        return True

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
            QMessageBox.warning(self, "还不能导出正式版",
                                f"报告还有 {len(errors)} 个错误，不能导出正式版。请先改正：\n\n{listed}{more}")
            self.refresh()
            return None
        path = self._export_docx(final=True)
        if path is not None and not self.session.read_only:
            answer = QMessageBox.question(self, "正式版已导出",
                                          f"正式版已保存到\n{path}\n\n把这份草稿标为“已定稿”（只读）吗？以后仍可重新打开编辑。",
                                          QMessageBox.Yes | QMessageBox.No, QMessageBox.Yes)
            if answer == QMessageBox.Yes:
                self.session.mark_final()
        return path

    def _export_docx(self, final: bool) -> Path | None:
        writer = docx_writer()
        path = self._ask_path("导出正式版 Word" if final else "导出 Word（草稿）", ".docx", "Word 文档 (*.docx)",
                              "" if final else "（草稿）")
        if path is None:
            return None
        findings = self.session.findings_complete()
        try:
            data = writer(self.session.report, findings, final, self.font_setting)
        except ReportdeskError as exc:
            QMessageBox.warning(self, "无法导出", exc.message)
            return None
        return path if self._write(path, data) else None

    def export_json(self) -> Path | None:
        """The report file (.json) of interfaces.md, to hand over or to check elsewhere."""
        from ..reportfile import dumps

        path = self._ask_path("另存为报告文件", ".json", "报告文件 (*.json)")
        if path is None:
            return None
        return path if self._write(path, dumps(self.session.report).encode("utf-8")) else None

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
            QMessageBox.warning(self, "无法打印", exc.message)

    def export_pdf(self) -> Path | None:
        return self._pdf("report", "")

    def export_checklist_pdf(self) -> Path | None:
        return self._pdf("checklist", "校验单")

    def _pdf(self, what: str, suffix_name: str) -> Path | None:
        from .printing import export_pdf as export

        path = self._ask_path("导出 PDF", ".pdf", "PDF 文件 (*.pdf)", suffix_name)
        if path is None:
            return None
        try:
            export(self.session.report, path, what=what, findings=self.session.findings_complete(),
                   last_year=self.session.last_year, fonts=self.font_setting)
        except ReportdeskError as exc:
            QMessageBox.warning(self, "无法导出", exc.message)
            return None
        self.message.emit(f"已保存 {path}")
        return path

    def toggle_final(self) -> None:
        """定稿 (read-only) or 重新打开编辑."""
        try:
            if self.session.read_only:
                self.session.reopen()
            else:
                if has_errors(self.session.findings_complete()):
                    answer = QMessageBox.question(self, "标为已定稿", "报告还有错误。仍然标为已定稿（只读）吗？",
                                                  QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
                    if answer != QMessageBox.Yes:
                        return
                self.session.mark_final()
        except ReportdeskError as exc:
            QMessageBox.warning(self, "无法完成", exc.message)
        self._show_status()
