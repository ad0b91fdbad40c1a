"""Jupyter servers for the browser tests: free ports, readiness, start and stop (the fixtures are in conftest.py).

* Servers listen on 127.0.0.1, on a free port below the ephemeral range, with a random token;
  :meth:`Server.start` polls until *its own* server answers (process alive, the listening socket its
  own, the token accepted, the expected JSON), treating connection errors and non-HTTP answers as
  "not yet"; a port taken by another process meanwhile is reported as such, and :func:`running`
  retries on a new port. A server that exits or does not answer in time fails the test with its log.
* :meth:`Server.stop` sends SIGTERM (the server shuts its kernels down), then kills by PID whatever
  it started that is still alive. Processes and sockets are read with psutil.
"""

import contextlib
import http.client
import json
import os
import random
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil
import pytest

from .browser_helpers import WIDGET_NOTEBOOKS

#: Generous ceiling (seconds) on a 2-core machine shared with other jobs: the fixture polls and
#: returns as soon as the server answers; this only bounds a hang.
SERVER_START_TIMEOUT = 120
#: Where :func:`free_port` looks when the ephemeral range is unknown (Linux's default range).
EPHEMERAL_DEFAULT = (32768, 60999)


def _ephemeral_range():
    """The ports the OS hands out for ``bind(port 0)`` and outgoing connections (Linux's sysctl)."""
    try:
        low, high = map(int, Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split())
    except (OSError, ValueError):
        return EPHEMERAL_DEFAULT
    return low, high


def _can_bind(port):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def free_port():
    """A TCP port on 127.0.0.1 that nothing uses right now, chosen *below* the ephemeral range.

    Between this check and the server's own bind the port is free for anyone to take. Ports from the
    ephemeral range are taken all the time on a shared machine: every Jupyter kernel binds five
    ZMQ ports there (a kernel's ZMQ socket answering our HTTP readiness poll is what made a test
    error with ``BadStatusLine``), and so does every outgoing connection. Below that range only a
    program asking for a fixed port can collide; :meth:`Server.start` still detects that.
    """
    low, _ = _ephemeral_range()
    if low > 4096:
        pick = random.SystemRandom()
        for _ in range(100):
            port = pick.randrange(max(1024, low - 12000), low)
            if _can_bind(port):
                return port
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:  # fall back to the OS's choice
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_owner(port, pid):
    """Who listens on TCP ``port``: ``"none"``, ``"ours"`` (process ``pid``), ``"foreign"``, or ``"unknown"``.

    ``"unknown"`` where the system does not tell (psutil needs root for this on macOS). A listener
    whose process psutil cannot see (another user's) is foreign.
    """
    try:
        sockets = psutil.net_connections(kind="tcp")
    except (psutil.AccessDenied, NotImplementedError):
        return "unknown"
    owners = {s.pid for s in sockets if s.status == psutil.CONN_LISTEN and s.laddr and s.laddr.port == port}
    if not owners:
        return "none"
    return "ours" if pid in owners else "foreign"


def _descendants(pid):
    """Every process below ``pid`` (kernels run in their own sessions, so killpg misses them)."""
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


class ServerFailed(Exception):
    """A server exited or did not answer; ``port_taken`` when its port was grabbed meanwhile."""

    def __init__(self, message, port_taken=False):
        super().__init__(message)
        self.port_taken = port_taken


class Server:
    """A Jupyter server process (Voilà, JupyterLab or Notebook 7) serving ``root`` on 127.0.0.1.

    ``url(path)`` builds an address with the token; ``log()`` returns what the server printed.
    ``ready_path`` is polled until it answers; ``is_ours(data)`` checks its JSON answer (the server
    must be the one we started, serving what we expect).
    """

    def __init__(self, name, argv, root, env, log_path, port, token, ready_path, is_ours):
        self.name, self.argv, self.root, self.env = name, argv, root, env
        self.log_path, self.port, self.token = log_path, port, token
        self.ready_path, self.is_ours = ready_path, is_ours
        self.base = f"http://127.0.0.1:{port}"
        self.proc = None

    def url(self, path=""):
        sep = "&" if "?" in path else "?"
        return f"{self.base}/{path.lstrip('/')}{sep}token={self.token}"

    def log(self, tail=20000):
        try:
            return self.log_path.read_text(errors="replace")[-tail:]
        except OSError:
            return "(no log)"

    def _ask(self, opener):
        """Poll the readiness endpoint once: (True, "") if our server answered as expected, else (False, why).

        Every failure short of a good answer is "not yet": refused or reset connections, timeouts,
        and answers that are not HTTP at all (``http.client.BadStatusLine`` and the like).
        """
        try:
            with opener.open(self.url(self.ready_path), timeout=10) as answer:
                body = answer.read()
                status = answer.status
        except urllib.error.HTTPError as err:
            return False, f"HTTP {err.code}"
        except (urllib.error.URLError, OSError, http.client.HTTPException) as err:
            return False, repr(err)
        if status != 200:
            return False, f"HTTP {status}"
        try:
            ours = self.is_ours(json.loads(body))
        except (ValueError, TypeError, KeyError, AttributeError) as err:
            return False, f"HTTP 200 but not the expected JSON ({err!r}): {body[:200]!r}"
        return (True, "") if ours else (False, f"HTTP 200 from another server: {body[:200]!r}")

    def start(self, timeout=SERVER_START_TIMEOUT):
        """Start the process and wait until it answers on its own port; raise :class:`ServerFailed` if not.

        Ready means all of: the process is alive, the socket listening on the port is the process's
        own (where the system tells), and the readiness endpoint answers 200 with the token and the
        expected JSON. A port found taken by another process ends the attempt at once with
        ``port_taken`` (the caller retries on a new port).
        """
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(self.argv, cwd=self.root, env=self.env, stdout=log,
                                         stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                         start_new_session=True)
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: never a proxy
        deadline = time.monotonic() + timeout
        last = "no answer yet"
        while True:
            if self.proc.poll() is not None:
                raise ServerFailed(f"{self.name} exited with code {self.proc.returncode} before it was ready "
                                   f"({' '.join(self.argv)}).\n--- {self.name} log ---\n{self.log()}",
                                   port_taken="already in use" in self.log())
            owner = port_owner(self.port, self.proc.pid)
            if owner == "foreign":
                self.stop()
                raise ServerFailed(f"port {self.port} was taken by another process before {self.name} could "
                                   f"listen on it", port_taken=True)
            if owner == "none":
                last = f"nothing listens on port {self.port} yet"
            else:
                ready, last = self._ask(opener)
                if ready and self.proc.poll() is None and port_owner(self.port, self.proc.pid) != "foreign":
                    return self
            if time.monotonic() > deadline:
                self.stop()
                raise ServerFailed(f"{self.name} did not answer {self.base}/{self.ready_path} within {timeout} s "
                                   f"(last: {last}).\n--- {self.name} log ---\n{self.log()}")
            time.sleep(0.25)  # polling interval of the readiness check

    def stop(self, grace=20):
        """SIGTERM the server (it shuts down its kernels), then SIGKILL anything of it still alive."""
        if self.proc is None or self.proc.poll() is not None:
            return
        started = _descendants(self.proc.pid)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=grace)
        # a kernel shutting down after the server asked it to gets the grace period, then is killed
        _, alive = psutil.wait_procs(started, timeout=grace)
        for proc in alive:
            with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
                proc.kill()


def root_flag():
    return ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []


def write_notebook(path, cells, kernel="python3"):
    """Write a minimal notebook of code cells (strings) to ``path``."""
    nb = {
        "cells": [{"cell_type": "code", "execution_count": None, "id": f"cell-{i}", "metadata": {},
                   "outputs": [], "source": src} for i, src in enumerate(cells)],
        "metadata": {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": kernel},
                     "language_info": {"name": "python"}},
        "nbformat": 4, "nbformat_minor": 5,
    }
    path.write_text(json.dumps(nb, indent=1))
    return path


@contextlib.contextmanager
def running(make_server, attempts=5):
    """Start ``make_server()`` (a new free port each attempt), yield it, stop it.

    A server that fails to start fails the test with its log; only a port taken between choosing it
    and binding it is retried.
    """
    for attempt in range(1, attempts + 1):
        server = make_server()
        try:
            server.start()
            break
        except ServerFailed as err:
            if not (err.port_taken and attempt < attempts):
                pytest.fail(str(err), pytrace=False)
    try:
        yield server
    finally:
        server.stop()


#: JupyterLab extensions installed in .venv that cannot load inside Voilà's page (they need JupyterLab's
#: shared modules) and would only add console errors there: nbgrader's and Notebook 7's lab extensions.
VOILA_DENIED_EXTENSIONS = ("@jupyter/nbgrader", "@jupyter-notebook/lab-extension")


def voila_server(root, env, log_dir):
    port, token = free_port(), secrets.token_hex(16)
    argv = [sys.executable, "-m", "voila", "--no-browser", "--Voila.ip=127.0.0.1", f"--Voila.port={port}",
            "--Voila.port_retries=0", f"--Voila.token={token}", f"--Voila.root_dir={root}",
            "--VoilaConfiguration.show_tracebacks=True", "--VoilaExecutor.timeout=300",
            *(f"--VoilaConfiguration.extension_denylist={name}" for name in VOILA_DENIED_EXTENSIONS)]

    def is_ours(listing):  # Voila's contents API lists the folder it serves: ours holds these notebooks
        return listing["type"] == "directory" and set(WIDGET_NOTEBOOKS) <= {c["name"] for c in listing["content"]}

    return Server("Voila", argv, root, env, log_dir / "voila.log", port, token, "voila/api/contents", is_ours)


def _server_status(status):  # a Jupyter server's status; one without our (random) token would answer 403
    return "started" in status and "kernels" in status


def lab_server(root, env, log_dir):
    port, token = free_port(), secrets.token_hex(16)
    argv = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={root}", "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.extension_manager=readonly", *root_flag()]
    return Server("JupyterLab", argv, root, env, log_dir / "jupyterlab.log", port, token, "api/status",
                  _server_status)


def notebook_server(root, env, log_dir):
    """Notebook 7 (the ``notebook`` package): the /tree and /notebooks/... interface."""
    port, token = free_port(), secrets.token_hex(16)
    argv = [sys.executable, "-m", "notebook", "--no-browser", "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={root}", *root_flag()]
    return Server("Notebook", argv, root, env, log_dir / "notebook.log", port, token, "api/status",
                  _server_status)
