"""批量审阅: check every report in a folder, list reports × findings in a sortable table,
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
    QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QMainWindow, QProgressBar,
    QPushButton, QTableView, QVBoxLayout, QWidget,
)

from ..importers.batch import (
    SEVERITY_NAMES, FileResult, collect_files, iter_check, read_last_year_folder, results_csv, skipped_text,
)
from ..importers.crossyear import Presence
from .import_preview import ImportPreviewDialog, protect_none

HEADERS = ["文件", "机关", "年度", "结果", "规则", "问题", "单元格"]
COLOURS = {"错误": QColor("#f9d6d5"), "无法读取": QColor("#f2c4c2"), "提示": QColor("#fff1c2"),
           "无问题": QColor("#e3f1e4"), "读取不全": QColor("#fde3c8"), "上年对照": QColor("#e6eefc"),
           "未对照上年": QColor("#fde3c8"), "今年缺报告": QColor("#fde3c8"), "上年无报告": QColor("#e6eefc"),
           "名称相近": QColor("#fff1c2")}
SORT_ROLE = Qt.UserRole + 1
PATH_ROLE = Qt.UserRole + 2


class _Worker(QObject):
    """Reads last year's folder (when one is chosen), then checks the files in a thread —
    through a pool of processes when there are many — reporting each result as it comes."""

    checked = Signal(int, object)   # files done, FileResult
    status = Signal(str)            # what is being done, for the summary line
    last_year_read = Signal(object)  # crossyear.LastYearIndex
    finished = Signal(bool)         # True when stopped early

    def __init__(self, files: list[Path], last_year_folder: Path | None = None):
        super().__init__()
        self.files = files
        self.last_year_folder = last_year_folder
        self.stop = threading.Event()

    def run(self) -> None:
        index = None
        if self.last_year_folder is not None:
            self.status.emit(f"正在读取上年文件夹“{self.last_year_folder}”…")
            index = read_last_year_folder([self.last_year_folder])
            self.last_year_read.emit(index)
            self.status.emit(f"正在校验{len(self.files)}份报告…")
        done = 0
        results = iter_check(self.files, index=index, cancelled=self.stop.is_set)
        for result in results:
            done += 1
            self.checked.emit(done, result)
            if self.stop.is_set():
                results.close()   # the files being read in other processes finish; no more start
                break
        self.finished.emit(done < len(self.files))


class BatchReviewWindow(QMainWindow):
    """The 批量审阅 window."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        protect_none()
        self.setWindowTitle("批量审阅")
        self.resize(1200, 720)
        self.results: list[FileResult] = []
        self.folder: Path | None = None
        self.last_year_folder: Path | None = None
        self.presence: Presence | None = None
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
        self.folder_label = QLabel("请选择存放各单位报告的文件夹（包括子文件夹；可读取 .docx .doc .wps .html .pdf .txt .json）")
        self.last_year_button = QPushButton("上年文件夹…")
        self.last_year_button.setToolTip("选择存放各单位上年报告的文件夹：按机关名称逐一对照上年结转（规则6）、"
                                         "现行有效件数（规则7），并列出只在一年中有报告的机关")
        self.last_year_button.clicked.connect(self.choose_last_year)
        self.last_year_label = QLabel("未选上年文件夹")
        self.last_year_label.setObjectName("lastYearLabel")
        self.stop_button = QPushButton("停止")
        self.stop_button.setEnabled(False)
        self.stop_button.clicked.connect(self.stop)
        self.export_button = QPushButton("导出汇总…")
        self.export_button.setToolTip("导出汇总表（.xlsx：各报告一行、全部问题、表三表四合计），或问题清单（.csv）")
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self.choose_export)
        bar.addWidget(self.choose_button)
        bar.addWidget(self.folder_label, 1)
        bar.addWidget(self.last_year_button)
        bar.addWidget(self.last_year_label)
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
        for col, width in enumerate((220, 200, 60, 90, 50, 400, 160)):
            self.view.setColumnWidth(col, width)
        layout.addWidget(self.view, 1)
        self.summary = QLabel("")
        self.summary.setObjectName("batchSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.setCentralWidget(central)

    # -- running

    def choose_folder(self) -> None:
        from .files import ask_folder

        folder = ask_folder(self, "选择存放报告的文件夹", "batch/folder")
        if folder:
            self.start(folder)

    def choose_last_year(self) -> None:
        """Pick last year's folder (cancel clears it); a folder already checked is checked again."""
        from .files import ask_folder

        folder = ask_folder(self, "选择存放上年报告的文件夹", "batch/last_year")
        self.set_last_year_folder(folder or None)
        if self.folder is not None and not self.running:
            self.start(self.folder)

    def set_last_year_folder(self, folder: str | Path | None) -> None:
        """Last year's folder for the next check (None: no cross-year comparison)."""
        self.last_year_folder = Path(folder) if folder else None
        self.last_year_label.setText(f"上年：{self.last_year_folder.name}" if self.last_year_folder else "未选上年文件夹")
        self.last_year_label.setToolTip(str(self.last_year_folder or ""))

    def start(self, folder: str | Path) -> None:
        """Check every report under ``folder`` in the background."""
        if self.running:
            return
        self.folder = Path(folder)
        self.skipped = []
        files = collect_files([self.folder], self.skipped)
        self.results = []
        self.presence = None
        self.model.removeRows(0, self.model.rowCount())
        self.folder_label.setText(str(self.folder))
        if not files:
            self.summary.setText("这个文件夹里没有可以校验的报告文件（.docx .doc .wps .rtf .odt .html .htm .pdf .txt .md .json）"
                                 + (f"。{skipped_text(self.skipped, limit=2)}" if self.skipped else ""))
            self.export_button.setEnabled(False)
            return
        self._total = len(files)
        self.progress.setRange(0, len(files))
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.summary.setText(f"正在校验{len(files)}份报告…")
        self.running = True
        for button in (self.choose_button, self.last_year_button, self.export_button):
            button.setEnabled(False)
        self.stop_button.setEnabled(True)
        self.view.setSortingEnabled(False)
        if self._thread is not None:  # the last batch's thread, ended in _finished
            self._thread.deleteLater()
        self._thread = QThread(self)
        self._worker = _Worker(files, self.last_year_folder)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.checked.connect(self._add_result)
        self._worker.status.connect(self.summary.setText)
        self._worker.last_year_read.connect(self._last_year_read)
        self._worker.finished.connect(self._finished)
        self._thread.finished.connect(self._worker.deleteLater)
        self._thread.start()

    def stop(self) -> None:
        """Stop after the files being read."""
        if self._worker is not None:
            self._worker.stop.set()
            self.stop_button.setEnabled(False)

    def _last_year_read(self, index) -> None:
        self.presence = Presence(index)
        for path, error in index.unreadable:
            self.model.appendRow(_note_row(_relative(path, self.last_year_folder, "上年："), "无法读取", error,
                                           path=path))

    def _add_result(self, done: int, result: FileResult) -> None:
        self.results.append(result)
        self.progress.setValue(done)
        if self.presence is not None and not result.error:
            self.presence.add(result.agency)
        for row in _rows_of(result, self.folder):
            self.model.appendRow(row)

    def _finished(self, stopped: bool) -> None:
        if self._thread is not None:  # the worker returned: let its thread end before going on
            self._thread.quit()
            self._thread.wait()
        self.running = False
        for button in (self.choose_button, self.last_year_button):
            button.setEnabled(True)
        self.stop_button.setEnabled(False)
        self.export_button.setEnabled(bool(self.results))
        self.progress.setVisible(False)
        bad = sum(1 for r in self.results if r.error)
        wrong = sum(1 for r in self.results if not r.error and r.errors)
        text = (f"共{len(self.results)}份：{len(self.results) - bad - wrong}份无错误，{wrong}份有错误，"
                f"{bad}份无法读取")
        if stopped:
            text += f"（已停止，还有{self._total - len(self.results)}份未校验）"
        elif self.presence is not None:
            text += self._add_presence_rows()
        if self.skipped:
            text += f"。{skipped_text(self.skipped, limit=2)}"
        self.summary.setText(text)
        self.view.setSortingEnabled(True)
        self.view.resizeRowsToContents()

    def _add_presence_rows(self) -> str:
        """Rows for the agencies found in one year only; their counts for the summary line."""
        gone, new = self.presence.missing_this_year(), self.presence.missing_last_year()
        for name in gone:
            self.model.appendRow(_note_row("", "今年缺报告", f"上年有“{name}”的报告，今年的文件夹中没有", agency=name))
        for name in new:
            self.model.appendRow(_note_row("", "上年无报告", f"今年有“{name}”的报告，上年的文件夹中没有", agency=name))
        for this, last in self.presence.similar():
            self.model.appendRow(_note_row("", "名称相近", f"今年“{this}”与上年“{last}”只差一个字，未作对照，请核对是否同一机关",
                                           agency=this))
        return f"；与上年对照：{len(gone)}个机关今年没有报告，{len(new)}个机关上年没有报告"

    def wait(self, timeout_ms: int = 60000) -> bool:
        """Block until the worker thread ends (for scripts and tests)."""
        return self._thread.wait(timeout_ms) if self._thread is not None else True

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.stop()
        if self._thread is not None and self._thread.isRunning():
            self._thread.quit()
            self._thread.wait()  # the files being read take well under 2 s
        super().closeEvent(event)

    def open_report(self, index) -> ImportPreviewDialog | None:
        """Show what was read from the report of a row (double-click)."""
        path = self.proxy.index(index.row(), 0).data(PATH_ROLE)
        if not path:
            return None
        dialog = ImportPreviewDialog(self, path, review_only=True)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.show()
        return dialog

    # -- export

    def choose_export(self) -> None:
        from .files import ask_save

        path = ask_save(self, "导出汇总", "汇总.xlsx", "Excel 工作簿 (*.xlsx);;CSV 文件（逗号分隔，只含问题清单） (*.csv)",
                        "batch/export")
        if path is not None:
            if path.suffix.lower() not in (".xlsx", ".csv"):
                path = path.with_name(path.name + ".xlsx")
            self.export(path)

    def export(self, path: str | Path) -> bool:
        """Write the 汇总 workbook (.xlsx, as ``reportdesk summary``) or the findings (.csv) to
        ``path``; a failure is shown, nothing lost."""
        from ..errors import ReportdeskError
        from ..fileio import write_atomic

        path = Path(path)
        if path.suffix.lower() == ".csv":
            data = results_csv(self.results)
        else:
            from ..form import load_form
            from ..importers.summary import summary_chunks

            data = summary_chunks(self.results, load_form(), self.presence)
        try:
            write_atomic(path, data)
        except ReportdeskError as exc:
            from .messages import warn

            warn(self, "导出失败", exc.message)
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


def _relative(path: Path, folder: Path | None, lead: str = "") -> str:
    try:
        return lead + (str(path.relative_to(folder)) if folder else str(path))
    except ValueError:
        return lead + str(path)


def _note_row(name: str, state: str, text: str, agency: str = "", path: Path | None = None) -> list[QStandardItem]:
    """A row that is no finding of one report: last year's folder, the two years compared."""
    first = _item(name, tip=str(path or ""))
    if path is not None:
        first.setData(str(path), PATH_ROLE)
    return [first, _item(agency), _item("", 0), _item(state, 4, COLOURS.get(state)), _item("", 0),
            _item(text, tip=text), _item("")]


def _rows_of(result: FileResult, folder: Path | None) -> list[list[QStandardItem]]:
    """The table rows of one file: one per finding, or one saying it is fine or unreadable."""
    name = _relative(result.path, folder)

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
        text = f"{result.reading}（双击查看读到的内容）：" + "；".join(e.message for e in result.unread[:3])
        rows.append(base() + [_item(state, 2, COLOURS[state]), _item("", 0), _item(text, tip=text), _item("")])
    match = result.last_year
    if match is not None and match.note:   # compared under another name, or not compared: say why
        state = "上年对照" if match.last is not None else "未对照上年"
        text = match.note + (f"（{match.last.path}）" if match.last is not None else "")
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
