"""One window per draft database: a second copy started on it (a double-click while the program
is already open) brings the first one's window forward and ends, instead of opening the same
drafts twice.

The first copy holds a lock file (``QLockFile``: a copy that died leaves a stale lock, which
the next start takes over) and listens on a local socket named after the database; a later
copy that cannot take the lock asks the first, over the socket, to come forward. QtNetwork is
imported only when needed (after the first window is up, or by a second copy): it costs some
10 ms of a start.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QCryptographicHash, QDir, QLockFile, QObject, Signal

# How long a second copy keeps trying to reach the first (which may itself be starting).
HAND_OVER_MS = 3000
ACTIVATE = b"activate\n"


def instance_name(db: Path) -> str:
    """The socket name of the window for this database (per user: sockets are shared).
    Qt's own hashing and paths: hashlib, getpass and tempfile would cost milliseconds of the start."""
    user = os.environ.get("USER") or os.environ.get("USERNAME") or ""
    key = f"{user}\0{Path(db).expanduser().resolve()}".encode("utf-8", "surrogatepass")
    digest = bytes(QCryptographicHash.hash(key, QCryptographicHash.Algorithm.Sha256).toHex()).decode("ascii")
    return "reportdesk-" + digest[:20]


class SingleInstance(QObject):
    """The claim of this program on one draft database."""

    activated = Signal()   # a later copy asked this one to come forward

    def __init__(self, db: Path, parent: QObject | None = None):
        super().__init__(parent)
        self.name = instance_name(db)
        self.lock = QLockFile(str(Path(QDir.tempPath()) / f"{self.name}.lock"))
        self.lock.setStaleLockTime(0)   # stale only when its process is gone, never by age
        self.server = None     # a QLocalServer, once listening
        self.reached = False

    def claim(self, listen: bool = True) -> bool:
        """True: this is the first copy (it listens now, or after :meth:`listen`). False: another
        copy runs and was asked to come forward (``reached``), or could not be reached: then it is
        still running, and this one must not open the database a second time either."""
        if self.lock.tryLock(0):
            if listen:
                self.listen()
            return True
        self.reached = self._hand_over()
        return False

    def listen(self) -> None:
        """Start listening for later copies (the first copy, once its window is up)."""
        from PySide6.QtNetwork import QLocalServer

        if self.server is not None:
            return
        QLocalServer.removeServer(self.name)   # a socket left by a copy that was killed
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.UserAccessOption)
        self.server.newConnection.connect(self._connection)
        self.server.listen(self.name)

    def _hand_over(self) -> bool:
        from PySide6.QtNetwork import QLocalSocket

        socket = QLocalSocket()
        waited = 0
        while waited < HAND_OVER_MS:
            socket.connectToServer(self.name)
            if socket.waitForConnected(250):
                socket.write(ACTIVATE)
                socket.waitForBytesWritten(1000)
                socket.disconnectFromServer()
                return True
            waited += 250
        return False

    def _connection(self) -> None:
        while self.server is not None and self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._read(socket)

    def _read(self, socket) -> None:
        if bytes(socket.readAll()).startswith(ACTIVATE.strip()):
            self.activated.emit()

    def release(self) -> None:
        """At the end of the program: stop listening and give the lock up."""
        if self.server is not None:
            self.server.close()
            self.server = None
        self.lock.unlock()


def bring_forward(window) -> None:
    """Show a window on top, restored if it was minimised."""
    from PySide6.QtCore import Qt

    if window is None:
        return
    window.setWindowState(window.windowState() & ~Qt.WindowMinimized)
    window.show()
    window.raise_()
    window.activateWindow()
    from PySide6.QtWidgets import QApplication

    dialog = QApplication.activeModalWidget()   # a question waiting for an answer stays on top
    if dialog is not None and dialog is not window:
        dialog.raise_()
        dialog.activateWindow()
