"""A table step: the printed table as an editable grid, the current cell's guidance, the findings."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QBoxLayout, QCheckBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ..errors import InvalidValue, ReportdeskError
from ..rules import Finding
from ..values import format_value, parse_block
from .findings import FindingsPanel
from .grid import GridView, TableModel, paste_targets
from .pages import FoldingLabel, StepPage
from .progress import Step
from .session import DraftSession, Update


LEGEND_TIP = ("鼠标停在格子上可以看到它的说明和上年的数字。\n"
              "Ctrl+V：粘贴从 Excel、WPS 复制的一块数字；Ctrl+C：复制选中的格子；Delete：清空选中的格子。\n"
              "右键菜单：复制、粘贴、清除、空白填0。")
SIDE_MIN = 320      # the findings beside the grid need this much width, else they go below it
SIDE_MAX = 460


class TablePage(StepPage):
    """A table as printed, with the current cell's guidance and the table's findings.

    The grid gets the room: its header rows and label columns stay in place while it scrolls,
    the findings sit beside it when the window is wide enough for both (表二) and below it
    otherwise, folded to one line while nothing is wrong.
    """

    def __init__(self, session: DraftSession, step: Step, parent=None):
        super().__init__(session, step, parent)
        self.recent = lambda: []          # cells the clerk typed, newest first (MainWindow sets it)
        self.model = TableModel(session, step.table, self)
        self.view = GridView(self.model)
        self.view.setObjectName(f"grid_{step.table}")
        table = self.form.tables[step.table]
        self.view.setAccessibleName(f"{table.short_name}（{table.heading}）")
        self.view.setAccessibleDescription("按表格填写数字；Tab 或回车到下一格，右键有复制、粘贴、清除、空白填0")
        bar = QHBoxLayout()
        self.legend = FoldingLabel(self._legend())
        self.legend.setObjectName("guidance")
        self.legend.setAccessibleName("图例")
        self.legend.setToolTip(LEGEND_TIP)
        self.folding.append(self.legend)
        bar.addWidget(self.legend, 1)
        self.enter_down = QCheckBox("回车向下")
        self.enter_down.setObjectName("enterDown")
        self.enter_down.setToolTip("选中时按回车移到下面一格（与 Excel、WPS 相同）；不选时按回车移到右边一格")
        self.enter_down.setAccessibleDescription(self.enter_down.toolTip())
        self.enter_down.setChecked(self.view.enter_down)
        self.enter_down.toggled.connect(self._enter_down)
        bar.addWidget(self.enter_down)
        self.zero = QPushButton("空白填0")
        self.zero.setToolTip("把本表中还空着的单元格都填为0（确实没有发生的才这样做）；可以撤销")
        self.zero.setAccessibleDescription(self.zero.toolTip())
        self.zero.clicked.connect(self.fill_zeros)
        bar.addWidget(self.zero)
        self.layout_.addLayout(bar)

        self.body = QBoxLayout(QBoxLayout.TopToBottom)
        self.body.setSpacing(6)
        self.body.addWidget(self.view, 1)   # as large as the table, the rest left to the findings
        self.side = QWidget()
        self.side.setObjectName("tableSide")
        side = QVBoxLayout(self.side)
        side.setContentsMargins(0, 0, 0, 0)
        side.setSpacing(4)
        info = QHBoxLayout()
        self.cell_info = FoldingLabel()
        self.cell_info.setObjectName("cellInfo")
        self.folding.append(self.cell_info)
        self.cell_info.setAlignment(Qt.AlignLeft | Qt.AlignTop)
        self.cell_info.setAccessibleName("当前格子的说明")
        self.cell_info.setMinimumHeight(self.cell_info.fontMetrics().lineSpacing() + 6)
        info.addWidget(self.cell_info, 1)
        self.suggest = QPushButton()
        self.suggest.setObjectName("suggest")
        self.suggest.setAccessibleName("采用推算值")
        self.suggest.setAccessibleDescription("填入按上年现行有效件数、本年制发和废止件数推算出的数")
        self.suggest.hide()
        self.suggest.clicked.connect(self._take_suggestion)
        info.addWidget(self.suggest, 0, Qt.AlignTop)
        side.addLayout(info)
        self.notice = QLabel()
        self.notice.setObjectName("banner")
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName("提示")
        self.notice.hide()
        side.addWidget(self.notice)
        self.findings = FindingsPanel(empty_text="本表没有发现问题", noun="本表", rows=3)
        self.findings.chosen.connect(self._finding_here)
        self.findings.verify.connect(self.verify)
        side.addWidget(self.findings, 1)
        self.body.addWidget(self.side)
        self.body.addStretch(0)    # beside: the findings right after the grid; below: room left over
        self.layout_.addLayout(self.body, 1)

        self.view.current_cell_changed.connect(self._show_cell)
        self.view.current_cell_changed.connect(lambda _: self._clear_notice())
        self.view.paste_requested.connect(self.paste)
        self.view.clear_requested.connect(self.clear_cells)
        self.view.zeros_requested.connect(self.fill_zeros)
        self.view.delegate.refused.connect(lambda message, _: self.message.emit(message))
        self._beside = None
        self._arrange()
        self._show_findings()
        self._show_cell("")

    def _legend(self) -> str:
        bits = ["灰底：自动计算", "红底：数字对不上", "黄底：提示"]
        if self.session.last_year is not None:
            bits.append("蓝字：上年结转")
        bits.append("Ctrl+V 粘贴 Excel/WPS 的数字，右键有更多")
        return "　".join(bits)

    # -- layout: the grid gets the room

    def _arrange(self) -> None:
        """Findings beside the grid when the page is wide enough for both, else below it; the
        grid's columns narrowed to what is left (a still narrower window scrolls sideways,
        under the frozen label columns)."""
        margins = self.layout_.contentsMargins()
        room = max(200, self.width() - margins.left() - margins.right())
        grid_width, _ = self.view.preferred_size()
        grid_width += self.view.verticalScrollBar().sizeHint().width()
        beside = room - grid_width - self.body.spacing() >= SIDE_MIN
        if beside != self._beside:
            self._beside = beside
            self.body.setDirection(QBoxLayout.LeftToRight if beside else QBoxLayout.TopToBottom)
            # beside, the grid from the top; below, it takes the whole width it may have
            self.body.setAlignment(self.view, Qt.AlignTop if beside else Qt.Alignment())
        if beside:
            side = max(SIDE_MIN, min(SIDE_MAX, room - grid_width - self.body.spacing()))
            self.side.setFixedWidth(side)
            self.view.fit_width(grid_width)
        else:
            self.side.setMinimumWidth(0)
            self.side.setMaximumWidth(16777215)
            self.view.fit_width(room)
        self._size_grid()

    def _size_grid(self) -> None:
        """The grid no larger than the table: what it does not need stays below or beside."""
        view = self.view
        width, _ = view.preferred_size()
        # a table wider than its room scrolls sideways: its scroll bar takes a line of height,
        # which the grid gets too (表四's one row would hide under it)
        columns = sum(view.columnWidth(c) for c in range(self.model.grid.cols)) + 2 * view.frameWidth() + 2
        sideways = view.horizontalScrollBar().sizeHint().height() \
            if columns + view.verticalScrollBar().sizeHint().width() > view.width() else 0
        height = view.content_height() + sideways
        view.setMaximumSize(width + view.verticalScrollBar().sizeHint().width(), height)
        rows = 3 if self.compact else 5    # body rows always in view below the frozen header
        least = rows * 26 + view.frozen.frozen_height() + (0 if self.compact else sideways)
        view.setMinimumHeight(min(height, least))

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._arrange()
        self._fit_cell_info(shrink=True)

    def set_compact(self, compact: bool) -> None:
        super().set_compact(compact)
        self.findings.auto_open = not compact
        if compact:
            self.cell_info.setMinimumHeight(0)
            if self.findings.by_clerk is None:
                self.findings.set_expanded(False)
        self._size_grid()
        self._fit_cell_info(shrink=True)

    def _enter_down(self, on: bool) -> None:
        from PySide6.QtCore import QSettings

        from .grid import ENTER_DOWN_SETTING

        QSettings().setValue(ENTER_DOWN_SETTING, on)
        self.view.enter_down = on

    # -- repaint

    def on_update(self, update: Update) -> None:
        self.model.refresh(update.touched())
        if update.findings:
            self._show_findings()
        cid = self.model.cell_id(self.view.currentIndex())
        if cid and (cid in update.cells or update.findings):
            self._show_cell(cid)

    def diagnoses(self) -> list:
        """The likely mistakes in this table (reportdesk.diagnose), the clerk's last edit first."""
        from ..diagnose import diagnose

        found = diagnose(self.session.report, self.session.findings, self.session.last_year, self.recent())
        return [d for d in found if d.table == self.step.table]

    def _show_findings(self) -> None:
        mine = self.my_findings()
        diagnoses = self.diagnoses() if any(f.severity == "error" for f in mine) else []
        self.findings.set_findings(mine, diagnoses)

    def _show_cell(self, cid: str) -> None:
        if not cid:
            self.cell_info.set_full("选中一个格子可以看到它的填写说明（F1）。")
            self.suggest.hide()
            return
        # the findings are in the list: here what the cell is, and last year's value
        self.cell_info.set_full(self.model.describe(cid, findings=False).replace("\n", "  ·  "))
        self._fit_cell_info()
        suggestion = self.session.suggestions.get(cid)
        kind = self.form.cells[cid].kind
        if suggestion is not None and suggestion != self.session.report.values[cid] and not self.session.read_only:
            self.suggest.setText(f"采用推算值 {format_value(suggestion, kind)}")
            self.suggest.setProperty("cellId", cid)
            self.suggest.setProperty("value", suggestion)
            self.suggest.show()
        else:
            self.suggest.hide()

    def _fit_cell_info(self, shrink: bool = False) -> None:
        """Tall enough for the whole text, never cut. While the clerk moves and types it only
        grows (the grid above must not jump with each key); a new width fits it afresh. In a
        low window it is one line, ending in “…” when longer (the whole in its tooltip and F1)."""
        label = self.cell_info
        if label.folded:
            return
        width = label.width() if label.width() > 50 else max(200, self.width() - 40)
        need = max(label.heightForWidth(width), label.fontMetrics().lineSpacing() + 6)
        if need > label.minimumHeight() or (shrink and need != label.minimumHeight()):
            label.setMinimumHeight(need)

    def _clear_notice(self) -> None:
        """A paste's notice is about that paste: gone when the clerk moves on."""
        if self.notice.isVisible() and not getattr(self, "_pasting", False):
            self.notice.hide()

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
        self._pasting = True
        try:
            self._paste(start, text)
        finally:
            self._pasting = False

    def _paste(self, start: QModelIndex, text: str) -> None:
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

    def _finding_here(self, finding) -> None:
        self.show_finding(finding)

    def show_finding(self, finding) -> None:
        """Select what a finding (or a diagnosis) is about and scroll to it: a diagnosis's
        suspect cell, else a finding's cell the diagnosis suspects, else its first cell."""
        from ..diagnose import Diagnosis

        if isinstance(finding, Diagnosis):
            self.view.select_cells([finding.cell], current=finding.cell)
            return
        suspect = next((d.cell for d in self.findings.list.diagnoses if finding in d.findings
                        and d.cell in finding.cells), None)
        self.view.select_cells(finding.cells, current=suspect)

    def help_text(self) -> str:
        cid = self.model.cell_id(self.view.currentIndex())
        if not cid:
            return self.step.guidance
        return f"{self.model.describe(cid)}\n\n本表说明：{self.step.guidance}" if self.step.guidance \
            else self.model.describe(cid)

    def enter(self) -> None:
        from .grid import ENTER_DOWN_SETTING, _setting

        self.enter_down.setChecked(bool(_setting(ENTER_DOWN_SETTING, False)))   # chosen on another table
        self.findings.fold_if_clean()
        self.view.setFocus()
        if not self.view.currentIndex().isValid():
            first = next((c for c in self.model.order if self.session.report.is_blank(c)), None)
            self.view.go_to(first or self.model.order[0])

    def leave(self) -> None:
        self.view.finish_editing()
        self._clear_notice()

    def set_read_only(self, read_only: bool) -> None:
        self.zero.setEnabled(not read_only)
        self.model.refresh_all()

