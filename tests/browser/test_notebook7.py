"""Lesson 04 in Notebook 7 (the ``notebook`` package's /notebooks/... page): Run All, the widgets work.

The lesson is copied (outputs cleared) into the server's temporary folder, run with Run > Run All
Cells, and both widgets must appear and answer: typing a value into the explorer's scale readout
changes the readout and the figure. Screenshots go to ``test-artifacts/screenshots/``.

Arrow keys on a focused slider: Notebook 7 listens for its keyboard shortcuts on ``document`` in
the *capture* phase (JupyterLab starts with ``bubblingKeydown: true``; Notebook 7 does not), so
its command-mode bindings ``ArrowLeft`` / ``ArrowRight`` (``notebook:move-cursor-heading-above-or-
collapse`` and ``...-below-or-expand``, selector ``.jp-Notebook.jp-mod-commandMode:not(.jp-mod-
readWrite) :focus``) see the key before the slider does: the slider never moves, the notebook's
cursor goes to the heading above and the next press collapses that section, hiding the widget.
Lumino skips a shortcut when an element with the ``data-lm-suppress-shortcuts`` attribute lies
between the key's target and the element the binding's selector matches; for ``:focus`` that is the
focused element itself, so the attribute must sit on the slider's handle (on the widget's box it does
nothing). ipywidgets' sliders do not set it, and nnlib's widgets are pure Python: setting a DOM
attribute needs a custom frontend module, which VS Code and Colab do not load by default. So the
lesson tells learners to drag a slider or type a value. The tests pin the three facts: the
limitation as it is, the attribute as the cure (set here from the test), and typing as the way.
"""

import json
import re
import urllib.request

import pytest

from .browser_helpers import PAGE_LOAD_TIMEOUT, ROOT, copy_notebook, image_digest, text_of, wait_until

pytestmark = pytest.mark.browser

LESSON = ROOT / "notebooks" / "04_scale_and_saturation.ipynb"
RUN_ALL_TIMEOUT = 240
#: A page error of Notebook 7 itself (notebook 7.6): its shortcuts plugin reads ``plugins[id].schema`` of
#: every changed settings plugin, some of which it does not know. It happens on loading the page,
#: before any interaction; every other page or console error fails the test.
KNOWN_NOTEBOOK7_ERROR = "Cannot read properties of undefined (reading 'schema')"


def check_no_errors(page):
    page.errors[:] = [e for e in page.errors if KNOWN_NOTEBOOK7_ERROR not in e]
    page.check_no_errors()
WIDGETS = (".bs-saturation-explorer", ".bs-training-playground")


@pytest.fixture
def lesson_copy(served_dir, request):
    """A fresh copy per test, in its own folder: a notebook of its own gets a session and a kernel of its own."""
    assert LESSON.exists(), f"{LESSON.relative_to(ROOT)} is missing"
    folder = served_dir / f"nb7-{request.node.name}"
    folder.mkdir()
    return copy_notebook(LESSON, folder, clear_outputs=True).relative_to(served_dir).as_posix()


def kernel_of(server, name):
    """The execution state of the kernel the server runs for notebook ``name`` (None: no kernel yet)."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(server.url("api/sessions"), timeout=10) as answer:
        sessions = json.loads(answer.read())
    states = [s["kernel"]["execution_state"] for s in sessions if s.get("path") == name and s.get("kernel")]
    return states[0] if states else None


def run_lesson(page, notebook7, name):
    """Open the copy (``name``: its path in the served folder) in Notebook 7, Run All, wait for both widgets."""
    page.goto(notebook7.url(f"notebooks/{name}"), timeout=PAGE_LOAD_TIMEOUT * 1000)
    panel = page.locator(".jp-NotebookPanel")
    panel.wait_for(timeout=PAGE_LOAD_TIMEOUT * 1000)
    indicator = page.locator(".jp-Notebook-ExecutionIndicator").first
    select_kernel = page.locator(".jp-Dialog .jp-mod-accept")  # Notebook 7 may ask which kernel, even for python3

    def kernel_idle():
        if select_kernel.count() and select_kernel.first.is_visible():
            select_kernel.first.click()
            return False
        return indicator.get_attribute("data-status") == "idle" and kernel_of(notebook7, name) == "idle"

    wait_until(page, kernel_idle, "the lesson's kernel has started and is idle", timeout=PAGE_LOAD_TIMEOUT)
    page.locator(".lm-MenuBar-item", has_text=re.compile(r"^Run$")).click()
    page.locator('.lm-Menu-item[data-command="runmenu:run-all"]').click()
    for selector in WIDGETS:
        panel.locator(f".jp-OutputArea-output {selector}").first.wait_for(timeout=RUN_ALL_TIMEOUT * 1000)
    wait_until(page, kernel_idle, "every cell has run and the kernel is idle", timeout=RUN_ALL_TIMEOUT)
    errors = [text for text in panel.locator(".jp-OutputArea-output").all_text_contents()
              if "Traceback (most recent call last)" in text or re.search(r"^\w*(Error|Exception)\b", text, re.M)]
    assert not errors, "cells raised errors:\n" + "\n\n".join(e[:2000] for e in errors)
    return panel


class Scale:
    """The explorer's scale slider on the page: handle, readout, and the explorer's figure."""

    def __init__(self, panel):
        self.box = panel.locator(".jp-OutputArea-output .bs-saturation-explorer").first
        self.handle = self.box.locator(".bs-scale .noUi-handle")
        self.text = self.box.locator(".bs-scale .widget-readout")
        self.image = self.box.locator("img").first

    def value(self):
        try:
            return float(text_of(self.text))
        except ValueError:
            return None

    def press(self, page, key, times):
        self.handle.focus()
        for _ in range(times):
            page.keyboard.press(key)
        page.wait_for_timeout(500)  # let a (wrong) shortcut or a widget update show


def test_lesson_04_runs_in_notebook7(notebook7, lesson_copy, page, shoot):
    panel = run_lesson(page, notebook7, lesson_copy)
    for selector in WIDGETS:
        widget = panel.locator(f".jp-OutputArea-output {selector}").first
        widget.scroll_into_view_if_needed()
        image = widget.locator("img").first.element_handle()
        page.wait_for_function("i => i.complete && i.naturalWidth > 0", arg=image)  # the figure is shown
        shoot(selector.strip(".").removeprefix("bs-"), widget)

    # typing a value works (the readout is editable: Notebook 7 leaves the keys to it)
    scale = Scale(panel)
    scale.box.scroll_into_view_if_needed()
    before, digest = scale.value(), image_digest(scale.image)
    target = 0.1 if before != 0.1 else 1.0
    scale.text.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(f"{target:g}")
    page.keyboard.press("Enter")
    wait_until(page, lambda: scale.value() == target, f"the scale readout shows the typed {target}")
    wait_until(page, lambda: (d := image_digest(scale.image)) != digest and d, "the figure changes")
    assert scale.box.is_visible()
    shoot("typed-scale", scale.box)
    page.keyboard.press("Escape")  # leave the readout: command mode, as after a click on the slider

    # arrow keys on the focused handle: Notebook 7's shortcuts take them (see the module docstring)
    typed = scale.value()
    scale.press(page, "ArrowLeft", 2)
    shoot("after-arrow-keys")
    fixed = "arrow keys on a slider now reach it in Notebook 7: update this test, its docstring and the lesson's advice"
    assert scale.value() == typed, fixed  # the slider never saw the keys...
    assert not scale.box.is_visible(), fixed  # ...the notebook did: its section is collapsed
    check_no_errors(page)


def test_suppressing_shortcuts_gives_the_arrow_keys_to_the_slider(notebook7, lesson_copy, page, shoot):
    """With ``data-lm-suppress-shortcuts`` on the widget's controls, arrow keys move the slider, nothing collapses."""
    panel = run_lesson(page, notebook7, lesson_copy)
    scale = Scale(panel)
    scale.box.scroll_into_view_if_needed()
    # on the focusable elements themselves: Lumino walks up from the key's target and stops at the first
    # element that matches the binding's selector, which for ':focus' is the target itself
    scale.box.evaluate("box => [box, ...box.querySelectorAll('[tabindex], input, select, button')]"
                       ".forEach(e => e.setAttribute('data-lm-suppress-shortcuts', ''))")
    before, digest = scale.value(), image_digest(scale.image)
    scale.press(page, "ArrowLeft", 2)
    wait_until(page, lambda: scale.value() != before, "the scale slider moves with the arrow keys")
    wait_until(page, lambda: (d := image_digest(scale.image)) != digest and d, "the figure changes")
    assert scale.box.is_visible(), "the widget was hidden (its section collapsed)"
    shoot("arrow-keys-with-suppressed-shortcuts", scale.box)
    check_no_errors(page)
