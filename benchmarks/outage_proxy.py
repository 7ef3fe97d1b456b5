"""A TCP proxy that the outage drill switches between passing, refusing and staying silent.

- "pass": relays bytes both ways between its clients and the service behind it.
- "refuse": the port is closed, as when the service's machine is up but the service is
  down: it stops listening (a new connection is refused) and resets every open one.
- "silent": it accepts connections and answers nothing, as when the service hangs or a
  firewall drops its packets: new and open connections stall, their bytes held back.
  Back to "pass", the held bytes flow again, as after a network partition heals.

Threads, not asyncio: the drill's own client threads and gunicorn's processes run beside
it, and a thread per direction of a connection is plenty for a drill's few connections.
"""

import contextlib
import select
import socket
import struct
import threading

PASS, REFUSE, SILENT = "pass", "refuse", "silent"
MODES = (PASS, REFUSE, SILENT)
# How often a waiting thread looks at the mode again (seconds).
POLL = 0.1


class _Relay:
    """One client connection and its connection to the service."""

    def __init__(self, proxy: "OutageProxy", client: socket.socket):
        self.proxy = proxy
        self.client = client
        self.service: socket.socket | None = None
        self.closed = threading.Event()

    def run(self) -> None:
        if not self.proxy.wait_for_pass(self):
            self.close(reset=True)
            return
        try:
            self.service = socket.create_connection(self.proxy.upstream, timeout=5)
        except OSError:
            self.close(reset=True)
            return
        threading.Thread(target=self.pump, args=(self.service, self.client), daemon=True).start()
        self.pump(self.client, self.service)

    def pump(self, source: socket.socket, target: socket.socket) -> None:
        try:
            while not self.closed.is_set():
                readable, _, _ = select.select([source], [], [], POLL)
                if not readable:
                    continue
                data = source.recv(65536)
                if not data:
                    break
                if not self.proxy.wait_for_pass(self):
                    break
                target.sendall(data)
        except (OSError, ValueError):  # ValueError: closed meanwhile by a reset
            pass
        self.close(reset=self.proxy.mode == REFUSE)

    def close(self, *, reset: bool) -> None:
        """Close both sides; with `reset`, the client gets a RST rather than a FIN."""
        if self.closed.is_set():
            return
        self.closed.set()
        for side in (self.client, self.service):
            if side is None:
                continue
            with contextlib.suppress(OSError):
                if reset:
                    side.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                side.close()
        self.proxy.forget(self)


class OutageProxy:
    """Listens on 127.0.0.1:`port` (a free one when 0) and relays to `upstream`."""

    def __init__(self, upstream: tuple[str, int], *, port: int = 0):
        self.upstream = upstream
        self.mode = PASS
        self._changed = threading.Condition()
        self._relays: set[_Relay] = set()
        self._listener: socket.socket | None = None
        self._stopping = False
        self._listen(port)
        self.port = self._listener.getsockname()[1]
        self._thread = threading.Thread(target=self._accept_loop, daemon=True)
        self._thread.start()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    @property
    def address(self) -> tuple[str, int]:
        return ("127.0.0.1", self.port)

    def _listen(self, port: int) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", port))
        listener.listen(128)
        self._listener = listener

    def _accept_loop(self) -> None:
        while not self._stopping:
            with self._changed:
                listener = self._listener
                if listener is None:  # refusing: wait to listen again
                    self._changed.wait(POLL)
                    continue
            try:
                readable, _, _ = select.select([listener], [], [], POLL)
                if not readable:
                    continue
                client, _ = listener.accept()
            except (OSError, ValueError):  # closed by set_mode meanwhile
                continue
            relay = _Relay(self, client)
            with self._changed:
                self._relays.add(relay)
            threading.Thread(target=relay.run, daemon=True).start()

    def set_mode(self, mode: str) -> None:
        if mode not in MODES:
            raise ValueError(f"{mode!r} is not one of {MODES}")
        with self._changed:
            if mode == REFUSE and self._listener is not None:
                # shutdown first: close alone leaves the port listening until the accept
                # thread's select returns (it holds the socket meanwhile).
                with contextlib.suppress(OSError):
                    self._listener.shutdown(socket.SHUT_RDWR)
                self._listener.close()
                self._listener = None
            elif mode != REFUSE and self._listener is None:
                self._listen(self.port)
            self.mode = mode
            relays = list(self._relays) if mode == REFUSE else []
            self._changed.notify_all()
        for relay in relays:
            relay.close(reset=True)

    def wait_for_pass(self, relay: _Relay) -> bool:
        """Hold a relay while the proxy is silent; False when it is to close instead."""
        with self._changed:
            while self.mode == SILENT and not relay.closed.is_set():
                self._changed.wait(POLL)
            return not relay.closed.is_set() and self.mode == PASS

    def forget(self, relay: _Relay) -> None:
        with self._changed:
            self._relays.discard(relay)

    def stop(self) -> None:
        self.set_mode(REFUSE)
        self._stopping = True
        self._thread.join(timeout=2)
