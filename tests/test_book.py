"""The HTML book (``make book``): built offline from the stored notebooks, complete, and readable.

The book is built once into a temporary folder. The checks read the HTML as files (every lesson
and exercise page, its title, its figures, its maths, links that resolve inside the site, nothing
loaded from the internet), then Chromium opens the landing page and a lesson over a loopback
server, waits for MathJax, and saves screenshots beside the other browser tests' ones.
"""

import functools
import http.server
import json
import os
import re
import shutil
import sys
import threading
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
sphinx = pytest.importorskip("sphinx", reason="the book needs the `book` extra: pip install -e '.[book]'")
pytest.importorskip("myst_nb", reason="the book needs the `book` extra: pip install -e '.[book]'")
import book  # noqa: E402  (tools/book.py)

pytestmark = pytest.mark.slow

LESSONS = sorted((ROOT / "notebooks").glob("*.ipynb"))
EXERCISES = sorted((ROOT / "exercises").glob("*/*.ipynb"))
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"


class Page(HTMLParser):
    """The parts of an HTML page the checks need: h1 text, links, images, scripts, stylesheets."""

    def __init__(self):
        super().__init__()
        self.h1, self.links, self.images, self.scripts, self.styles = [], [], [], [], []
        self._in_h1 = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "h1":
            self._in_h1 = True
            self.h1.append("")
        elif tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "img" and a.get("src"):
            self.images.append(a["src"])
        elif tag == "script" and a.get("src"):
            self.scripts.append(a["src"])
        elif tag == "link" and a.get("href") and "stylesheet" in (a.get("rel") or ""):
            self.styles.append(a["href"])

    def handle_endtag(self, tag):
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data):
        if self._in_h1:
            self.h1[-1] += data


def parse(path):
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.text = path.read_text(encoding="utf-8")
    return page


def html_for(site, notebook):
    return site / notebook.relative_to(ROOT).with_suffix(".html")


def notebook_title(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown" and "nav" not in cell.get("metadata", {}).get("tags", []):
            for line in "".join(cell["source"]).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    raise AssertionError(f"{path.name} has no '# ' title")


def count_png_outputs(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    return sum("image/png" in out.get("data", {}) for cell in nb["cells"] if cell["cell_type"] == "code"
               for out in cell.get("outputs", []))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return book.build(tmp_path_factory.mktemp("book"), quiet=True)


def test_every_lesson_page_has_its_title_figures_and_maths(site):
    assert LESSONS, "no lessons found"
    for lesson in LESSONS:
        page_path = html_for(site, lesson)
        assert page_path.exists(), f"no page for {lesson.name}"
        page = parse(page_path)
        title = notebook_title(lesson)
        assert any(title in re.sub(r"\s+", " ", h).replace("#", "").strip() for h in page.h1), (
            f"{page_path.name}: title {title!r} not among its h1 headings {page.h1}")
        figures = [src for src in page.images if "_images/" in src]
        assert len(figures) >= count_png_outputs(lesson), f"{page_path.name}: figures missing"
        for src in figures:
            assert (page_path.parent / unquote(src)).resolve().exists(), f"{page_path.name}: missing image {src}"
        assert 'class="math' in page.text, f"{page_path.name}: no maths markup"
        assert "mathjax/tex-chtml.js" in " ".join(page.scripts), f"{page_path.name}: MathJax is not loaded"


def test_student_exercises_are_in_the_book_and_solutions_are_not(site):
    assert EXERCISES, "no exercises found"
    for exercise in EXERCISES:
        assert html_for(site, exercise).exists(), f"no page for {exercise.name}"
    assert not (site / "solutions").exists()
    for path in site.rglob("*.html"):
        assert "BEGIN SOLUTION" not in path.read_text(encoding="utf-8"), f"{path}: a solution leaked into the book"


def test_links_resolve_inside_the_site_and_nothing_is_fetched_from_the_internet(site):
    for path in site.rglob("*.html"):
        page = parse(path)
        for href in page.links:
            parts = urlsplit(href)
            if parts.scheme in ("http", "https", "mailto") or not parts.path:
                continue  # external links are fine to *follow*; anchors on the same page
            target = (path.parent / unquote(parts.path)).resolve()
            assert target.exists(), f"{path.relative_to(site)}: broken link {href}"
        for url in page.scripts + page.styles:
            assert not urlsplit(url).scheme, f"{path.relative_to(site)}: loads {url} from the network"
    # the lessons' navigation cells point at the README's course map, which is a page here
    lesson = parse(html_for(site, LESSONS[1]))
    assert any(h.endswith("README.html#course-map") for h in lesson.links)
    assert 'id="course-map"' in (site / "README.html").read_text(encoding="utf-8")


def test_widgets_become_a_note_and_keep_no_unrenderable_output(site):
    def widgets(path):
        nb = json.loads(path.read_text(encoding="utf-8"))
        return [out["data"] for cell in nb["cells"] if cell["cell_type"] == "code" for out in cell.get("outputs", [])
                if "application/vnd.jupyter.widget-view+json" in out.get("data", {})]

    interactive = [p for p in LESSONS if any(not book.is_progress_bar(d) for d in widgets(p))]
    assert interactive, "expected at least one lesson with an interactive widget"
    for lesson in LESSONS:
        text = html_for(site, lesson).read_text(encoding="utf-8")
        assert ("bs-widget-note" in text) == (lesson in interactive), f"{lesson.name}: widget note wrong"
        assert "widget-view+json" not in text


def test_static_outputs_replaces_widget_views_and_drops_progress_bars():
    import nbformat

    nb = nbformat.v4.new_notebook()
    view = {"application/vnd.jupyter.widget-view+json": {"model_id": "x"}}
    bar = dict(view, **{"text/plain": ["training:  50%|#####     | 400/800 [00:01<00:01, 300.1step/s]"]})
    box = dict(view, **{"text/plain": ["SaturationExplorer(children=(...))"]})
    cell = nbformat.v4.new_code_cell("x", outputs=[
        nbformat.v4.new_output("display_data", data=bar),
        nbformat.v4.new_output("display_data", data=box),
        nbformat.v4.new_output("stream", name="stdout", text="kept\n"),
    ])
    nb.cells = [cell]
    out = book.static_outputs(nb).cells[0].outputs
    assert [o.output_type for o in out] == ["display_data", "stream"]
    assert "bs-widget-note" in out[0].data["text/html"]
    assert out[1].text == "kept\n"


CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.mark.browser
def test_chromium_renders_the_landing_page_and_a_lesson(site):
    if not CHROMIUM.exists() or shutil.which(str(CHROMIUM)) is None:
        if os.environ.get("CI"):
            pytest.fail("CI=true but /usr/bin/chromium is missing (apt-get install chromium)")
        pytest.skip("needs Debian's /usr/bin/chromium")
    sync_api = pytest.importorskip("playwright.sync_api")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    try:
        with sync_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
            try:
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
                        if m.type == "error" else None)
                page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
                page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
                page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)

                page.goto(f"{base}/index.html")
                assert "Breaking Symmetry" in page.title()
                assert page.locator("nav a", has_text="00 · The question").count() >= 1
                page.screenshot(path=str(SCREENSHOTS / "book-landing.png"))

                lesson = html_for(site, LESSONS[1]).relative_to(site).as_posix()
                page.goto(f"{base}/{lesson}")
                page.wait_for_selector("mjx-container", state="attached", timeout=90000)  # MathJax, offline
                assert page.locator("mjx-container").count() > 10
                page.screenshot(path=str(SCREENSHOTS / "book-lesson.png"))
                page.locator("img[src*='_images/']").first.scroll_into_view_if_needed()
                assert page.locator("img[src*='_images/']").first.evaluate("img => img.naturalWidth") > 0
                page.screenshot(path=str(SCREENSHOTS / "book-lesson-figure.png"))
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()
    assert not problems, "\n".join(problems)


def test_each_page_links_to_its_twin_in_the_other_edition(site):
    if "zh_CN" not in book.editions(ROOT):
        pytest.skip("the Chinese edition is not generated (make translations)")
    zh_site = site / "zh-CN"
    assert '<html lang="zh-CN"' in (zh_site / "index.html").read_text(encoding="utf-8")
    for lesson in LESSONS + EXERCISES:
        en_page = html_for(site, lesson)
        zh_page = zh_site / en_page.relative_to(site)
        assert zh_page.exists(), f"no Chinese page for {lesson.name}"
        en_links = {(en_page.parent / unquote(h)).resolve() for h in parse(en_page).links}
        zh_links = {(zh_page.parent / unquote(h)).resolve() for h in parse(zh_page).links}
        assert zh_page.resolve() in en_links, f"{en_page.name}: no link to its Chinese edition"
        assert en_page.resolve() in zh_links, f"{zh_page.name}: no link back to English"
