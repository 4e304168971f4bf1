"""A fake clamd on a unix socket: enough of the INSTREAM protocol (`man clamd`) for tests.

It answers PING with PONG, and INSTREAM (chunks of a 4-byte length and data, ended by a zero
length) with "stream: OK", or "stream: Eicar-Test-Signature FOUND" when the EICAR test string
is in what it was sent.
"""

from __future__ import annotations

import socket
import struct
import threading
from pathlib import Path

EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


class FakeClamd:
    def __init__(self, path: Path):
        self.path = str(path)
        self.scanned: list[bytes] = []
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.server.bind(self.path)
        self.server.listen()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self.server.accept()
            except OSError:
                return
            with connection:
                self._answer(connection)

    def _answer(self, connection: socket.socket) -> None:
        reader = connection.makefile("rb")
        command = reader.readline().strip()
        if command in (b"nPING", b"zPING\x00"):
            connection.sendall(b"PONG\n")
            return
        if not command.endswith(b"INSTREAM"):
            connection.sendall(b"UNKNOWN COMMAND\n")
            return
        data = b""
        while True:
            (length,) = struct.unpack("!L", reader.read(4))
            if length == 0:
                break
            data += reader.read(length)
        self.scanned.append(data)
        if EICAR in data:
            connection.sendall(b"stream: Eicar-Test-Signature FOUND\n")
        else:
            connection.sendall(b"stream: OK\n")

    def close(self) -> None:
        self.server.close()
