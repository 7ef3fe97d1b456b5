"""Real network faults for the outage tests: a port nothing listens on, a server that
accepts connections and never answers, and a proxy in front of a real server that can be
told to fall silent."""

import socket
import threading
from contextlib import suppress


def closed_port() -> int:
    """A port on 127.0.0.1 that was free a moment ago and that nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SilentListener:
    """Accepts every connection, reads nothing and never answers: a database or a cache
    whose process hangs, while the machine's network stack still accepts connections."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.accepted: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.server.close()
        for conn in self.accepted:
            conn.close()

    def _accept(self) -> None:
        with suppress(OSError):
            while True:
                conn, _ = self.server.accept()
                self.accepted.append(conn)


class SwitchableProxy:
    """Forwards TCP connections to `target` until `fall_silent()`: from then on it keeps
    every connection open and forwards nothing either way, as a database server that
    stopped answering in the middle of its connections."""

    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.silent = threading.Event()
        self._sockets: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.server.close()
        for sock in self._sockets:
            with suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)  # the server ends its sessions at once
            sock.close()

    def fall_silent(self) -> None:
        self.silent.set()

    def _accept(self) -> None:
        with suppress(OSError):
            while True:
                client, _ = self.server.accept()
                self._sockets.append(client)
                if self.silent.is_set():
                    continue
                upstream = socket.create_connection(self.target)
                self._sockets.append(upstream)
                for source, sink in ((client, upstream), (upstream, client)):
                    threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        with suppress(OSError):
            while data := source.recv(65536):
                if self.silent.is_set():
                    return  # swallowed: the other side waits for an answer forever
                sink.sendall(data)
