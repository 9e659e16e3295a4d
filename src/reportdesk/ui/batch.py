"""批量审核: check every report in a folder, list reports × findings in a sortable table,
export the list to .xlsx or .csv.

    window = BatchReviewWindow(parent=None)
    window.show()                 # the clerk chooses a folder; or window.start(folder)

The files are read in a worker thread (the window stays responsive, a progress bar runs,
停止 stops after the current file); one unreadable file never stops the batch: it gets a row
of its own. The checking itself is :mod:`reportdesk.importers.batch`, shared with
``reportdesk check``.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, QSortFilterProxyModel, Qt, QThread, Signal
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QMainWindow, QMessageBox, QProgressBar,
    QPushButton, QTableView, QVBoxLayout, QWidget,
)

from ..importers.batch import (
    SEVERITY_NAMES, FileResult, check_file, collect_files, results_csv, results_xlsx, skipped_text,
)
from .import_preview import ImportPreviewDialog, protect_none

HEADERS = ["文件", "机关", "年度", "结果", "规则", "问题", "单元格"]
COLOURS = {"错误": QColor("#f9d6d5"), "无法读取": QColor("#f2c4c2"), "提示": QColor("#fff1c2"),
           "无问题": QColor("#e3f1e4"), "读取不全": QColor("#fde3c8")}
SORT_ROLE = Qt.UserRole + 1
PATH_ROLE = Qt.UserRole + 2


class _Worker(QObject):
    """Checks files one by one in a thread, reporting each result as it comes."""

    checked = Signal(int, object)   # files done, FileResult
    finished = Signal(bool)         # True when stopped early

    def __init__(self, files: list[Path]):
        super().__init__()
        self.files = files
        self.stop = threading.Event()

    def run(self) -> None:
        for i, path in enumerate(self.files):
            if self.stop.is_set():
                self.finished.emit(True)
                return
            self.checked.emit(i + 1, check_file(path))
        self.finished.emit(False)


class BatchReviewWindow(QMainWindow):
    """The 批量审核 window."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        protect_none()
        self.setWindowTitle("批量审核")
        self.resize(1200, 720)
        self.results: list[FileResult] = []
        self.folder: Path | None = None
        self.running = False
        self.skipped: list[tuple[Path, str]] = []
        self._thread: QThread | None = None
        self._worker: _Worker | None = None
        self._total = 0

        central = QWidget()
        layout = QVBoxLayout(central)
        bar = QHBoxLayout()
        self.choose_button = QPushButton("选择文件夹…")
        self.choose_button.clicked.connect(self.choose_folder)
        self.folder_label = QLabel("请选择存放各单位报告的文件夹（包括子文件夹；可读取 .docx .html .pdf .txt .json）")
        self.stop_button = QPushButton("停止")
        self.stop_button.setEnabled(False)
        self.stop_button.clicked.connect(self.stop)
        self.export_button = QPushButton("导出…")
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self.choose_export)
        bar.addWidget(self.choose_button)
        bar.addWidget(self.folder_label, 1)
        bar.addWidget(self.stop_button)
        bar.addWidget(self.export_button)
        layout.addLayout(bar)
        self.progress = QProgressBar()
        self.progress.setFormat("%v / %m")
        self.progress.setVisible(False)
        layout.addWidget(self.progress)
        self.model = QStandardItemModel(0, len(HEADERS))
        self.model.setHorizontalHeaderLabels(HEADERS)
        self.proxy = QSortFilterProxyModel()
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.view = QTableView()
        self.view.setObjectName("batchTable")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.view.setWordWrap(True)
        self.view.verticalHeader().setVisible(False)
        self.view.doubleClicked.connect(self.open_report)
        self.view.setToolTip("双击一行查看这份报告读到的内容")
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setSectionResizeMode(5, QHeaderView.Stretch)
        for col, width in enumerate((220, 200, 60, 70, 50, 400, 160)):
            self.view.setColumnWidth(col, width)
        layout.addWidget(self.view, 1)
        self.summary = QLabel("")
        self.summary.setObjectName("batchSummary")
        layout.addWidget(self.summary)
        self.setCentralWidget(central)

    # -- running

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "选择存放报告的文件夹", str(self.folder or ""))
        if folder:
            self.start(folder)

    def start(self, folder: str | Path) -> None:
        """Check every report under ``folder`` in the background."""
        if self.running:
            return
        self.folder = Path(folder)
        self.skipped: list[tuple[Path, str]] = []
        files = collect_files([self.folder], self.skipped)
        self.results = []
        self.model.removeRows(0, self.model.rowCount())
        self.folder_label.setText(str(self.folder))
        if not files:
            self.summary.setText("这个文件夹里没有可以校验的报告文件（.docx .html .htm .pdf .txt .md .json）"
                                 + (f"。{skipped_text(self.skipped, limit=2)}" if self.skipped else ""))
            self.export_button.setEnabled(False)
            return
        self._total = len(files)
        self.progress.setRange(0, len(files))
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.summary.setText(f"正在校验{len(files)}份报告…")
        self.running = True
        self.choose_button.setEnabled(False)
        self.stop_button.setEnabled(True)
        self.export_button.setEnabled(False)
        self.view.setSortingEnabled(False)
        if self._thread is not None:  # the last batch's thread, ended in _finished
            self._thread.deleteLater()
        self._thread = QThread(self)
        self._worker = _Worker(files)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.checked.connect(self._add_result)
        self._worker.finished.connect(self._finished)
        self._thread.finished.connect(self._worker.deleteLater)
        self._thread.start()

    def stop(self) -> None:
        """Stop after the file being read."""
        if self._worker is not None:
            self._worker.stop.set()
            self.stop_button.setEnabled(False)

    def _add_result(self, done: int, result: FileResult) -> None:
        self.results.append(result)
        self.progress.setValue(done)
        for row in _rows_of(result, self.folder):
            self.model.appendRow(row)

    def _finished(self, stopped: bool) -> None:
        if self._thread is not None:  # the worker returned: let its thread end before going on
            self._thread.quit()
            self._thread.wait()
        self.running = False
        self.choose_button.setEnabled(True)
        self.stop_button.setEnabled(False)
        self.export_button.setEnabled(bool(self.results))
        self.progress.setVisible(False)
        self.view.setSortingEnabled(True)
        self.view.resizeRowsToContents()
        bad = sum(1 for r in self.results if r.error)
        wrong = sum(1 for r in self.results if not r.error and r.errors)
        text = (f"共{len(self.results)}份：{len(self.results) - bad - wrong}份无错误，{wrong}份有错误，"
                f"{bad}份无法读取")
        if stopped:
            text += f"（已停止，还有{self._total - len(self.results)}份未校验）"
        if self.skipped:
            text += f"。{skipped_text(self.skipped, limit=2)}"
        self.summary.setText(text)

    def wait(self, timeout_ms: int = 60000) -> bool:
        """Block until the worker thread ends (for scripts and tests)."""
        return self._thread.wait(timeout_ms) if self._thread is not None else True

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.stop()
        if self._thread is not None and self._thread.isRunning():
            self._thread.quit()
            self._thread.wait()  # the file being read takes well under 2 s
        super().closeEvent(event)

    def open_report(self, index) -> ImportPreviewDialog:
        """Show what was read from the report of a row (double-click)."""
        path = self.proxy.index(index.row(), 0).data(PATH_ROLE)
        dialog = ImportPreviewDialog(self, path, review_only=True)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.show()
        return dialog

    # -- export

    def choose_export(self) -> None:
        start = str((self.folder or Path.home()) / "批量审核结果.xlsx")
        path, chosen = QFileDialog.getSaveFileName(self, "导出审核结果", start,
                                                   "Excel 工作簿 (*.xlsx);;CSV 文件（逗号分隔） (*.csv)")
        if path:
            if not path.lower().endswith((".xlsx", ".csv")):
                path += ".csv" if "csv" in chosen.lower() else ".xlsx"
            self.export(path)

    def export(self, path: str | Path) -> bool:
        """Write the results to ``path`` (.xlsx or .csv); a failure is shown, nothing lost."""
        from ..errors import ReportdeskError
        from ..fileio import write_atomic

        path = Path(path)
        data = results_csv(self.results) if path.suffix.lower() == ".csv" else results_xlsx(self.results)
        try:
            write_atomic(path, data)
        except ReportdeskError as exc:
            QMessageBox.warning(self, "导出失败", exc.message)
            return False
        self.summary.setText(self.summary.text().split("  已导出")[0] + f"  已导出到 {path}")
        return True


def _item(text, sort=None, colour: QColor | None = None, tip: str = "") -> QStandardItem:
    item = QStandardItem("" if text is None else str(text))
    item.setData(sort if sort is not None else ("" if text is None else str(text)), SORT_ROLE)
    if colour is not None:
        item.setBackground(QBrush(colour))
    if tip:
        item.setToolTip(tip)
    return item


def _rows_of(result: FileResult, folder: Path | None) -> list[list[QStandardItem]]:
    """The table rows of one file: one per finding, or one saying it is fine or unreadable."""
    try:
        name = str(result.path.relative_to(folder)) if folder else str(result.path)
    except ValueError:
        name = str(result.path)

    def base():
        first = _item(name, tip=str(result.path))
        first.setData(str(result.path), PATH_ROLE)
        return [first, _item(result.agency), _item(result.year or "", result.year or 0)]

    if result.error:
        state = "无法读取"
        return [base() + [_item(state, 0, COLOURS[state]), _item("", 0), _item(result.error, tip=result.error),
                          _item("")]]
    rows = []
    if result.reading:   # said first: findings about cells never read speak of the copy, not the report
        state = "读取不全"
        text = f"{result.reading}（双击查看读到的内容）：" + "；".join(e.message for e in result.log.unread()[:3])
        rows.append(base() + [_item(state, 2, COLOURS[state]), _item("", 0), _item(text, tip=text), _item("")])
    if not result.findings:
        state = "无问题"
        return rows + [base() + [_item(state, 3, COLOURS[state]), _item("", 0), _item("没有发现问题"), _item("")]]
    for f in result.findings:
        state = SEVERITY_NAMES.get(f.severity, f.severity)
        rule = int(f.rule) if f.rule.isdigit() else 99
        rows.append(base() + [_item(state, 1 if f.severity == "error" else 2, COLOURS.get(state)), _item(f.rule, rule),
                              _item(f.message, tip=f.message), _item(_cells_text(f.cells), tip=_cells_tip(f.cells))])
    return rows


def _cells_text(cells: list[str]) -> str:
    """The cells of a finding in short: the first, and how many in all."""
    if not cells:
        return ""
    return cells[0] if len(cells) == 1 else f"{cells[0]} 等{len(cells)}个"


def _cells_tip(cells: list[str]) -> str:
    """Every cell of a finding as printed (表三「一、本年新收…」「自然人」) with its id."""
    from ..form import load_form

    form = load_form()
    return "\n".join(f"{form.cell_name(c)}  {c}" if c in form.cells else c for c in cells)
