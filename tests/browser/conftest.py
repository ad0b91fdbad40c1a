"""Fixtures for the browser tests: Jupyter servers and headless Chromium, all inside the test session.

* :func:`voila` serves a temporary folder with Voilà, :func:`lab` with JupyterLab, :func:`notebook7`
  with Notebook 7. The folder holds *copies* of notebooks (or small notebooks written by the tests),
  so no server ever writes into the repository; ``JUPYTER_*``, ``IPYTHONDIR``, ``MPLCONFIGDIR`` and
  ``XDG_*`` point into the session's temporary folder too, so nothing lands in the user's home either.
* How a server is started on a free port, waited for and stopped is in ``servers.py``.
* :func:`page` is a fresh tab in Debian's Chromium (``/usr/bin/chromium``, driven by the Python
  ``playwright`` package; ``playwright install`` is never needed) with an empty profile. It records
  page errors and console errors; :meth:`Page.check_no_errors` fails the test if there were any.
* Screenshots go to ``test-artifacts/screenshots/`` (gitignored); the path is printed at the end of
  the run.

Without Chromium or playwright/voila the browser tests are skipped with a message saying how to
enable them — except with ``CI=true``, where a missing browser is a failure.
"""

import contextlib
import importlib.util
import json
import os
import sys
from pathlib import Path

import pytest

from .browser_helpers import INTERACTION_TIMEOUT, ROOT, WIDGET_NOTEBOOKS
from .servers import Server, lab_server, notebook_server, running, voila_server, write_notebook

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
#: Exactly the Chromium flags of the issue; the fresh ``--user-data-dir`` is the ``user_data_dir``
#: argument of ``launch_persistent_context`` (playwright refuses it in ``args``).
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

def _in_ci():
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def _missing():
    """What the browser tests need and this machine lacks (empty list when all is there)."""
    missing = []
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        missing.append(f"Debian's Chromium at {CHROMIUM} (sudo apt-get install chromium)")
    for module in ("playwright", "voila", "jupyterlab", "notebook", "psutil"):
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
    # start the notebook's kernel without asking (Notebook 7 otherwise shows a "Select Kernel" dialog)
    tracker = home / "config" / "lab" / "user-settings" / "@jupyterlab" / "notebook-extension"
    tracker.mkdir(parents=True)
    (tracker / "tracker.jupyterlab-settings").write_text(json.dumps({"autoStartDefaultKernel": True}))
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    env["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    for var in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        env.pop(var, None)
    env["no_proxy"] = env["NO_PROXY"] = "127.0.0.1,localhost"
    return env


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
        for name in ("voila", "lab", "notebook7"):
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


@pytest.fixture(scope="package")
def notebook7(served_dir, jupyter_home, server_logs):
    """A Notebook 7 server over the temporary folder (tests copy the lessons they open into it)."""
    with running(lambda: notebook_server(served_dir, jupyter_home, server_logs)) as server:
        yield server
