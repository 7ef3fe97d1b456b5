"""The drill's proxy against a real echo server: refusing closes the port and resets open
connections; silence stalls them until it passes again."""

import contextlib
import socket
import threading

import pytest

from benchmarks.outage_proxy import PASS, REFUSE, SILENT, OutageProxy


@pytest.fixture
def echo_server():
    listener = socket.create_server(("127.0.0.1", 0))

    def serve(connection):
        with connection, contextlib.suppress(OSError):
            while data := connection.recv(1024):
                connection.sendall(data)

    def accept():
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=serve, args=(connection,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    yield listener.getsockname()
    listener.close()


@pytest.fixture
def proxy(echo_server):
    proxy = OutageProxy(echo_server)
    yield proxy
    proxy.stop()


def echo(connection: socket.socket, data: bytes) -> bytes:
    connection.sendall(data)
    return connection.recv(1024)


def test_passing_relays_both_ways(proxy):
    with socket.create_connection(proxy.address, timeout=2) as connection:
        assert echo(connection, b"ping") == b"ping"


def test_refusing_resets_open_connections_and_refuses_new_ones_until_it_passes(proxy):
    connection = socket.create_connection(proxy.address, timeout=2)
    assert echo(connection, b"before") == b"before"

    proxy.set_mode(REFUSE)

    with pytest.raises(ConnectionResetError):
        echo(connection, b"during")
        echo(connection, b"during")  # the reset may reach the first send only after it
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(proxy.address, timeout=2)
    proxy.set_mode(PASS)
    with socket.create_connection(proxy.address, timeout=2) as again:
        assert echo(again, b"after") == b"after"


def test_silence_stalls_open_and_new_connections_then_lets_them_flow(proxy):
    open_connection = socket.create_connection(proxy.address, timeout=0.5)
    assert echo(open_connection, b"before") == b"before"

    proxy.set_mode(SILENT)

    new_connection = socket.create_connection(proxy.address, timeout=0.5)  # accepted
    with pytest.raises(TimeoutError):
        echo(open_connection, b"stalled")
    with pytest.raises(TimeoutError):
        echo(new_connection, b"held")
    proxy.set_mode(PASS)
    open_connection.settimeout(2)
    new_connection.settimeout(2)
    assert open_connection.recv(1024) == b"stalled"
    assert new_connection.recv(1024) == b"held"
    open_connection.close()
    new_connection.close()
