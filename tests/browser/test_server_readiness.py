"""The browser fixtures' readiness check, without a browser: it must wait for *its own* server.

The flake these tests pin down: the readiness poll reached a port where something else listened
(e.g. a Jupyter kernel's ZMQ socket, which answers HTTP with bytes that are not a status line) and
``http.client.BadStatusLine`` escaped the poll, erroring the test. Now a foreign listener means
"port taken" (retried on a new port) and a non-HTTP answer means "not ready yet".
"""

import socket
import sys
import threading

import pytest

from .servers import Server, ServerFailed, free_port, port_owner

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="the ephemeral port range and socket owners as Linux reports them")

#: What a ZMQ socket sends first (a ZMTP greeting): not HTTP.
NOT_HTTP = b"\xff\x00\x00\x00\x00\x00\x00\x00\x01\x7f"

#: A child that listens on the port given as argv[1] and answers every connection with ``NOT_HTTP``
#: (or, with argv[2] == "silent", does not listen at all).
SERVER_SCRIPT = r"""
import socket, sys, time
if sys.argv[2] == "silent":
    time.sleep(60)
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.listen()
while True:
    c, _ = s.accept()
    c.recv(1024)
    c.sendall(b"\xff\x00\x00\x00\x00\x00\x00\x00\x01\x7f\r\n\r\n")
    c.close()
"""


def fake_server(tmp_path, port, mode):
    argv = [sys.executable, "-c", SERVER_SCRIPT, str(port), mode]
    return Server("fake", argv, tmp_path, None, tmp_path / "fake.log", port, "token", "api/status",
                  is_ours=lambda data: True)


@pytest.fixture
def foreign_listener():
    """A socket in this process that listens on a free port and answers like a ZMQ socket."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", free_port()))
    sock.listen()
    stop = threading.Event()

    def serve():
        sock.settimeout(0.1)
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except OSError:
                continue
            with conn:
                conn.sendall(NOT_HTTP)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield sock.getsockname()[1]
    stop.set()
    thread.join()
    sock.close()


def test_free_port_is_below_the_ephemeral_range():
    low = int(open("/proc/sys/net/ipv4/ip_local_port_range").read().split()[0])
    ports = {free_port() for _ in range(5)}
    assert all(p < low for p in ports), ports


def test_port_owner_tells_ours_from_foreign(foreign_listener):
    import os

    assert port_owner(foreign_listener, os.getpid()) == "ours"
    assert port_owner(foreign_listener, os.getppid()) == "foreign"
    assert port_owner(free_port(), os.getpid()) == "none"


def test_a_port_taken_by_another_process_is_reported_as_taken(tmp_path, foreign_listener):
    """Our process never listens; someone else does (the flake's situation): retry, don't error."""
    server = fake_server(tmp_path, foreign_listener, "silent")
    with pytest.raises(ServerFailed) as failed:
        server.start(timeout=20)
    assert failed.value.port_taken
    assert server.proc.poll() is not None, "the attempt's own process is stopped"


def test_an_answer_that_is_not_http_means_not_ready(tmp_path):
    """Our own process answers with garbage: the poll keeps trying (no BadStatusLine) until the timeout."""
    server = fake_server(tmp_path, free_port(), "garbage")
    try:
        with pytest.raises(ServerFailed) as failed:
            server.start(timeout=3)
        assert not failed.value.port_taken
        assert "did not answer" in str(failed.value) and "BadStatusLine" in str(failed.value)
    finally:
        server.stop()
