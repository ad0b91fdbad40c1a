"""Fixtures for the browser tests: Jupyter servers and headless Chromium, all inside the test session.

* :func:`voila` serves a temporary folder with Voilà, :func:`lab` with JupyterLab. The folder holds
  *copies* of notebooks (or small notebooks written by the tests), so no server ever writes into the
  repository; ``JUPYTER_*``, ``IPYTHONDIR``, ``MPLCONFIGDIR`` and ``XDG_*`` point into the session's
  temporary folder too, so nothing lands in the user's home either.
* Servers listen on 127.0.0.1, on a free port below the ephemeral range, with a random token; the
  fixture polls until *its own* server answers (process alive, the listening socket its own, the
  token accepted, the expected JSON), treating connection errors and non-HTTP answers as "not yet";
  a port taken by another process meanwhile is retried on a new port. A server that exits or does
  not answer in time fails the test with its log. At teardown the server gets SIGTERM (it shuts
  its kernels down), and whatever it started that is still alive is then killed by PID.
* :func:`page` is a fresh tab in Debian's Chromium (``/usr/bin/chromium``, driven by the Python
  ``playwright`` package; ``playwright install`` is never needed) with an empty profile. It records
  page errors and console errors; :meth:`Page.check_no_errors` fails the test if there were any.
* Screenshots go to ``test-artifacts/screenshots/`` (gitignored); the path is printed at the end of
  the run.

Without Chromium or playwright/voila the browser tests are skipped with a message saying how to
enable them — except with ``CI=true``, where a missing browser is a failure.
"""

import contextlib
import http.client
import importlib.util
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

import pytest

from .browser_helpers import INTERACTION_TIMEOUT, ROOT, WIDGET_NOTEBOOKS

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
#: Exactly the Chromium flags of the issue; the fresh ``--user-data-dir`` is the ``user_data_dir``
#: argument of ``launch_persistent_context`` (playwright refuses it in ``args``).
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
#: Generous ceiling (seconds) on a 2-core machine shared with other jobs: the fixture polls and
#: returns as soon as the server answers; this only bounds a hang.
SERVER_START_TIMEOUT = 120


def _in_ci():
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def _missing():
    """What the browser tests need and this machine lacks (empty list when all is there)."""
    missing = []
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        missing.append(f"Debian's Chromium at {CHROMIUM} (sudo apt-get install chromium)")
    for module in ("playwright", "voila", "jupyterlab"):
        if importlib.util.find_spec(module) is None:
            missing.append(f"the Python package {module!r} (.venv/bin/pip install -e '.[browser]')")
    return missing


@pytest.fixture(scope="session")
def browser_requirements():
    """Skip (locally) or fail (``CI=true``) when Chromium or the browser extras are missing."""
    missing = _missing()
    if missing:
        message = ("browser tests need " + " and ".join(missing)
                   + "; install what is missing and run `make test` (or `.venv/bin/python -m pytest -m browser`). "
                   "With CI=true a missing browser fails the run instead of skipping.")
        if _in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)


# --- screenshots ---------------------------------------------------------------------------------

#: Every screenshot saved in this session (for the summary line).
SAVED = []


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    shots = SAVED
    if shots:
        rel = SCREENSHOTS.relative_to(ROOT).as_posix()
        terminalreporter.write_sep("-", "browser screenshots")
        terminalreporter.write_line(f"{len(shots)} browser-test screenshots saved in {rel}/")


@pytest.fixture(scope="session")
def screenshot_dir(browser_requirements):
    """``test-artifacts/screenshots/`` emptied of the previous run's PNGs."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for old in SCREENSHOTS.glob("*.png"):
        old.unlink()
    return SCREENSHOTS


@pytest.fixture
def shoot(page, screenshot_dir, request):
    """``shoot(name, locator=None)`` saves ``<test>-<name>.png`` (of the locator, or the full page)."""
    test = request.node.name.replace("[", "-").replace("]", "").replace("/", "_")

    def _shoot(name, locator=None):
        path = screenshot_dir / f"{test}-{name}.png"
        if locator is None:
            page.screenshot(path=str(path), full_page=True)
        else:
            locator.screenshot(path=str(path))
        SAVED.append(path)
        return path

    return _shoot


# --- servers -------------------------------------------------------------------------------------

#: Where :func:`free_port` looks when the ephemeral range is unknown (Linux's default range).
EPHEMERAL_DEFAULT = (32768, 60999)


def _ephemeral_range():
    """The ports the OS hands out for ``bind(port 0)`` and outgoing connections."""
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


def _listening_inodes(port):
    """Socket inodes listening on TCP ``port`` (from /proc/net/tcp*); None where /proc is unavailable."""
    found, readable = set(), False
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            rows = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        readable = True
        for row in rows:
            fields = row.split()
            with contextlib.suppress(IndexError, ValueError):
                if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:  # 0A = LISTEN
                    found.add(fields[9])
    return found if readable else None


def _socket_inodes(pid):
    """Inodes of the sockets process ``pid`` holds open."""
    inodes = set()
    with contextlib.suppress(OSError):
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            with contextlib.suppress(OSError):
                target = os.readlink(fd)
                if target.startswith("socket:["):
                    inodes.add(target[len("socket:["):-1])
    return inodes


def port_owner(port, pid):
    """Who listens on ``port``: ``"none"``, ``"ours"`` (process ``pid``), ``"foreign"`` or ``"unknown"`` (no /proc)."""
    listening = _listening_inodes(port)
    if listening is None:
        return "unknown"
    if not listening:
        return "none"
    return "ours" if listening & _socket_inodes(pid) else "foreign"


def _descendants(pid):
    """PIDs of every process below ``pid`` (from /proc; empty where /proc is absent)."""
    children = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


class ServerFailed(Exception):
    """A server exited or did not answer; ``port_taken`` when its port was grabbed meanwhile."""

    def __init__(self, message, port_taken=False):
        super().__init__(message)
        self.port_taken = port_taken


class Server:
    """A Jupyter server process (Voilà or JupyterLab) serving ``root`` on 127.0.0.1.

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
        own (checked in /proc where there is one), and the readiness endpoint answers 200 with the
        token and the expected JSON. A port found taken by another process ends the attempt at once
        with ``port_taken`` (the caller retries on a new port).
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
        started = [self.proc.pid, *_descendants(self.proc.pid)]  # kernels run in their own sessions
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=grace)
        deadline = time.monotonic() + grace
        for pid in started[1:]:
            while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
                time.sleep(0.1)  # a kernel shutting down after the server asked it to
            with contextlib.suppress(ProcessLookupError, PermissionError):
                if Path(f"/proc/{pid}").exists():
                    os.kill(pid, signal.SIGKILL)


@pytest.fixture(scope="session")
def jupyter_home(browser_requirements, tmp_path_factory):
    """Environment for the servers: every Jupyter/IPython/matplotlib folder in the session's temp dir."""
    home = tmp_path_factory.mktemp("jupyter-home")
    env = dict(os.environ)
    for var, sub in (("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_DATA_DIR", "data"),
                     ("JUPYTER_RUNTIME_DIR", "runtime"), ("IPYTHONDIR", "ipython"), ("MPLCONFIGDIR", "mpl"),
                     ("XDG_CACHE_HOME", "cache"), ("XDG_CONFIG_HOME", "xdg-config"),
                     ("XDG_DATA_HOME", "xdg-data")):
        (home / sub).mkdir()
        env[var] = str(home / sub)
    # the kernels must be this interpreter (the one with nnlib installed)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    # JupyterLab user settings (under JUPYTER_CONFIG_DIR): no news/update toasts over the widgets
    settings = home / "config" / "lab" / "user-settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    env["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    for var in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        env.pop(var, None)
    env["no_proxy"] = env["NO_PROXY"] = "127.0.0.1,localhost"
    return env


def _root_flag():
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


def lab_server(root, env, log_dir):
    port, token = free_port(), secrets.token_hex(16)
    argv = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={root}", "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.extension_manager=readonly", *_root_flag()]
    def is_ours(status):  # the server's status; a server without our (random) token would answer 403
        return "started" in status and "kernels" in status

    return Server("JupyterLab", argv, root, env, log_dir / "jupyterlab.log", port, token, "api/status", is_ours)


# --- browser -------------------------------------------------------------------------------------

@pytest.fixture(scope="package")
def playwright_driver(browser_requirements):
    """Playwright's sync API, only while the tests of this package run.

    It keeps an asyncio event loop running in the main thread while active; package scope stops it
    before the rest of the suite, whose tests may call ``asyncio.run``. The servers are package-scoped
    for the same reason (and to free the CPU).
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="package")
def browser_context(playwright_driver, tmp_path_factory):
    """Headless Debian Chromium with a fresh, empty profile for the whole session."""
    profile = tmp_path_factory.mktemp("chromium-profile")
    # Chromium also writes outside its profile (crash-report settings in $XDG_CONFIG_HOME/chromium,
    # dconf in $XDG_CACHE_HOME): keep that in the session's temp dir too, not in the user's home
    xdg = tmp_path_factory.mktemp("chromium-xdg")
    env = {**os.environ, "XDG_CONFIG_HOME": str(xdg / "config"), "XDG_CACHE_HOME": str(xdg / "cache"),
           "XDG_DATA_HOME": str(xdg / "data")}
    context = playwright_driver.chromium.launch_persistent_context(
        str(profile), executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS, env=env,
        viewport={"width": 1280, "height": 900}, device_scale_factor=1,
    )
    context.set_default_timeout(INTERACTION_TIMEOUT * 1000)
    yield context
    context.close()


class ErrorLog:
    """Page errors (uncaught exceptions) and ``console.error`` messages seen by one tab."""

    def __init__(self, page):
        self.errors = []
        page.on("pageerror", lambda exc: self.errors.append(f"page error: {exc}"))
        page.on("console", self._console)

    def _console(self, msg):
        if msg.type == "error":
            self.errors.append(f"console.error: {msg.text} ({msg.location.get('url', '')})")

    def check(self):
        assert not self.errors, "the browser reported errors:\n" + "\n".join(self.errors)


#: Requests that may leave 127.0.0.1: Voilà's lab template links Font Awesome from a CDN (JupyterLab
#: bundles its own). They are answered with an empty stylesheet, so the tests never use the network.
ALLOWED_EXTERNAL = ("https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@",)
LOCAL_PREFIXES = ("http://127.0.0.1:", "ws://127.0.0.1:", "data:", "blob:", "about:")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item; on failure add the servers' logs to the report."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    if report.failed and report.when == "call":
        for name in ("voila", "lab"):
            server = item.funcargs.get(name) if hasattr(item, "funcargs") else None
            if isinstance(server, Server):
                report.sections.append((f"{server.name} server log (tail)", server.log(8000)))
    return report


@pytest.fixture
def page(browser_context, request):
    """A new tab that never reaches the network.

    ``page.errors`` collects page errors and console errors; ``page.external`` the non-loopback
    requests (answered with an empty body); ``page.check_no_errors()`` asserts there were no errors
    and no external request outside :data:`ALLOWED_EXTERNAL`.
    """
    tab = browser_context.new_page()
    log = ErrorLog(tab)
    external = []

    def stub(route):
        external.append(route.request.url)
        route.fulfill(status=200, body="", content_type="text/css" if ".css" in route.request.url else "text/plain")

    tab.route(lambda url: not url.startswith(LOCAL_PREFIXES), stub)

    def check_no_errors():
        log.check()
        stray = [url for url in external if not url.startswith(ALLOWED_EXTERNAL)]
        assert not stray, "the page tried to reach the network:\n" + "\n".join(stray)

    tab.errors, tab.external, tab.check_no_errors = log.errors, external, check_no_errors
    yield tab
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:  # what the page looked like when the test failed
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{request.node.name}-FAILED.png"
        with contextlib.suppress(Exception):
            tab.screenshot(path=str(path), full_page=True)
            SAVED.append(path)
    tab.close()


# --- served folders ------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def served_dir(jupyter_home, tmp_path_factory):
    """The temporary folder the servers serve (never the repository)."""
    return tmp_path_factory.mktemp("served")


@pytest.fixture(scope="session")
def server_logs(tmp_path_factory):
    return tmp_path_factory.mktemp("server-logs")




@pytest.fixture(scope="package")
def voila(served_dir, jupyter_home, server_logs):
    """A Voilà server over the temporary folder, which holds :data:`WIDGET_NOTEBOOKS`."""
    for name, cells in WIDGET_NOTEBOOKS.items():
        write_notebook(served_dir / name, cells)
    with running(lambda: voila_server(served_dir, jupyter_home, server_logs)) as server:
        yield server


@pytest.fixture(scope="package")
def lab(served_dir, jupyter_home, server_logs):
    """A JupyterLab server over the temporary folder (tests copy the lessons they open into it)."""
    with running(lambda: lab_server(served_dir, jupyter_home, server_logs)) as server:
        yield server
