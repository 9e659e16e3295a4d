"""A table step: the printed table as an editable grid, the current cell's guidance, the findings."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton

from ..errors import InvalidValue, ReportdeskError
from ..rules import Finding
from ..values import format_value, parse_block
from .findings import FindingsList
from .grid import GridView, TableModel, paste_targets
from .pages import StepPage
from .progress import Step
from .session import DraftSession, Update


class TablePage(StepPage):
    """A table as printed, with the current cell's guidance and the table's findings below."""

    def __init__(self, session: DraftSession, step: Step, parent=None):
        super().__init__(session, step, parent)
        self.model = TableModel(session, step.table, self)
        self.view = GridView(self.model)
        self.view.setObjectName(f"grid_{step.table}")
        bar = QHBoxLayout()
        self.legend = QLabel(self._legend())
        self.legend.setObjectName("guidance")
        self.legend.setWordWrap(True)
        bar.addWidget(self.legend, 1)
        self.zero = QPushButton("空白填0")
        self.zero.setToolTip("把本表中还空着的单元格都填为0（确实没有发生的才这样做）；可以撤销")
        self.zero.clicked.connect(self.fill_zeros)
        bar.addWidget(self.zero)
        self.layout_.addLayout(bar)

        width, height = self.view.preferred_size()
        self.view.setMaximumSize(width + self.view.verticalScrollBar().sizeHint().width(), height)
        self.view.setMinimumHeight(min(height, 200))
        row = QHBoxLayout()
        row.addWidget(self.view, 1)   # as wide as the table, the rest of the row left empty
        row.addStretch(0)
        self.layout_.addLayout(row, 4)
        info = QHBoxLayout()
        self.cell_info = QLabel()
        self.cell_info.setObjectName("cellInfo")
        self.cell_info.setWordWrap(True)
        self.cell_info.setTextFormat(Qt.PlainText)
        # Fixed heights below the grid: typing must not make the grid jump (nor repaint whole).
        self.cell_info.setFixedHeight(2 * self.cell_info.fontMetrics().lineSpacing() + 6)
        self.cell_info.setAlignment(Qt.AlignLeft | Qt.AlignTop)
        info.addWidget(self.cell_info, 1)
        self.suggest = QPushButton()
        self.suggest.setObjectName("suggest")
        self.suggest.hide()
        self.suggest.clicked.connect(self._take_suggestion)
        info.addWidget(self.suggest)
        self.layout_.addLayout(info)
        self.notice = QLabel()
        self.notice.setObjectName("banner")
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.layout_.addWidget(self.notice)
        self.findings = FindingsList(empty_text="本表没有发现错误", rows=3)
        self.findings.chosen.connect(self._finding_here)
        self.layout_.addWidget(self.findings)
        self.layout_.addStretch(0)  # what the grid does not need (表四 is one row) stays below

        self.view.current_cell_changed.connect(self._show_cell)
        self.view.paste_requested.connect(self.paste)
        self.view.clear_requested.connect(self.clear_cells)
        self.view.delegate.refused.connect(lambda message, _: self.message.emit(message))
        self.findings.set_findings(self.my_findings())
        self._show_cell("")

    def _legend(self) -> str:
        bits = ["灰底：自动计算", "红底：数字对不上", "黄底：提示"]
        if self.session.last_year is not None:
            bits.append("蓝字：上年结转（鼠标停在格子上可看上年数）")
        bits.append("Ctrl+V：粘贴 Excel/WPS 复制的数字")
        return "　".join(bits)

    # -- repaint

    def on_update(self, update: Update) -> None:
        self.model.refresh(update.touched())
        if update.findings:
            self.findings.set_findings(self.my_findings())
        cid = self.model.cell_id(self.view.currentIndex())
        if cid and (cid in update.cells or update.findings):
            self._show_cell(cid)

    def _show_cell(self, cid: str) -> None:
        if not cid:
            self.cell_info.setText("选中一个格子可以看到它的填写说明（F1）。")
            self.suggest.hide()
            return
        # the findings are in the list below: here what the cell is, and last year's value
        self.cell_info.setText(self.model.describe(cid, findings=False).replace("\n", "  ·  "))
        suggestion = self.session.suggestions.get(cid)
        kind = self.form.cells[cid].kind
        if suggestion is not None and suggestion != self.session.report.values[cid] and not self.session.read_only:
            self.suggest.setText(f"采用推算值 {format_value(suggestion, kind)}")
            self.suggest.setProperty("cellId", cid)
            self.suggest.setProperty("value", suggestion)
            self.suggest.show()
        else:
            self.suggest.hide()

    def _take_suggestion(self) -> None:
        cid = self.suggest.property("cellId")
        self._set({cid: self.suggest.property("value")}, f"采用推算值：{self.form.cell_name(cid)}")

    # -- edits that are not typing

    def _set(self, values: dict, label: str) -> bool:
        try:
            return self.session.set_cells(values, label)
        except ReportdeskError as exc:
            self.message.emit(exc.message)
            return False

    def fill_zeros(self) -> None:
        """“空白填0”: the blanks of this table become confirmed zeros, after asking, as one undo step."""
        blanks = [cid for cid in self.model.order if self.session.report.is_blank(cid)]
        if not blanks:
            self.message.emit(f"{self.form.tables[self.step.table].short_name}没有空白的格子")
            return
        from .messages import ask

        if not ask(self, "空白填0",
                   f"{self.form.tables[self.step.table].short_name}还有 {len(blanks)} 个格子空着。\n"
                   "确实没有发生的事项要填0。把它们全部填为0吗？\n（填错了可以按 Ctrl+Z 撤销）"):
            return
        if self._set(dict.fromkeys(blanks, 0), f"{self.form.tables[self.step.table].short_name}空白填0"):
            self.message.emit(f"已把 {len(blanks)} 个空白格填为0")

    def clear_cells(self, cells: list[str]) -> None:
        """Delete: the selected cells become blank again (computed ones are left alone)."""
        cells = [c for c in cells if self.model.editable(c) and not self.session.report.is_blank(c)]
        if cells:
            self._set(dict.fromkeys(cells), f"清空{len(cells)}个格子")

    def paste(self, start: QModelIndex, text: str) -> None:
        """Paste a block copied from Excel/WPS, starting at the current cell, as one undo step."""
        if self.session.read_only:
            self.message.emit("这份报告已定稿，只能查看")
            return
        block = parse_block(text)
        if not start.isValid() or not block:
            self.message.emit("剪贴板里没有可以粘贴的数字" if not block else "请先选中粘贴的起始格")
            return
        targets, notes = paste_targets(self.model, start, block)
        good, bad = {}, []
        for cid, raw in targets.items():
            try:
                good[cid] = self.session.parse(cid, raw)
            except InvalidValue as exc:
                bad.append(f"“{raw.strip()}”（{self.form.cell_name(cid)}：{exc.message.split('：')[-1]}）")
        if bad:
            notes.insert(0, f"{len(bad)}个值无法识别，没有粘贴：" + "；".join(bad[:5]) + ("……" if len(bad) > 5 else ""))
        done = self._set(good, f"粘贴{len(good)}个格子") if good else False
        summary = f"已粘贴 {len(good)} 个格子。" if done else "没有粘贴任何格子。"
        self.show_notice(summary + "".join(n + "。" for n in notes), warn=bool(notes))
        if good:
            self.view.select_cells(list(good))

    def show_notice(self, text: str, warn: bool = False) -> None:
        self.notice.setText(text)
        self.notice.setStyleSheet("" if warn else "background: #e3f1e4; color: #1e4d22;")
        self.notice.show()
        self.message.emit(text)

    # -- findings and help

    def _finding_here(self, finding: Finding) -> None:
        self.show_finding(finding)

    def show_finding(self, finding: Finding) -> None:
        self.view.select_cells(finding.cells)

    def help_text(self) -> str:
        cid = self.model.cell_id(self.view.currentIndex())
        return self.model.describe(cid) if cid else self.step.guidance

    def enter(self) -> None:
        self.view.setFocus()
        if not self.view.currentIndex().isValid():
            first = next((c for c in self.model.order if self.session.report.is_blank(c)), None)
            self.view.go_to(first or self.model.order[0])

    def leave(self) -> None:
        self.view.finish_editing()

    def set_read_only(self, read_only: bool) -> None:
        self.zero.setEnabled(not read_only)
        self.model.refresh_all()

