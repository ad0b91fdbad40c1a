"""Smoke test in JupyterLab: open lesson 04, Run All, and the widgets appear and work.

The lesson is copied (outputs cleared) into the server's temporary folder, so every widget on the
page comes from this run and nothing is written into the repository.
"""

import json
import re

import pytest

from .browser_helpers import (
    PAGE_LOAD_TIMEOUT,
    ROOT,
    assert_not_upscaled,
    copy_notebook,
    displayed_and_natural_width,
    text_of,
    wait_until,
)

pytestmark = pytest.mark.browser

LESSON = ROOT / "notebooks" / "04_scale_and_saturation.ipynb"
#: Run All executes the whole lesson (< 30 s by the course's budget; more on a busy machine).
RUN_ALL_TIMEOUT = 240
#: Every widget the lesson must show, by its CSS class (see nnlib.widgets).
WIDGETS = (".bs-saturation-explorer", ".bs-training-playground")


def test_lesson_04_runs_in_jupyterlab(lab, served_dir, page, shoot):
    assert LESSON.exists(), f"{LESSON.relative_to(ROOT)} is missing"
    copy = copy_notebook(LESSON, served_dir)
    page.goto(lab.url(f"lab/tree/{copy.name}"), timeout=PAGE_LOAD_TIMEOUT * 1000)
    panel = page.locator(".jp-NotebookPanel")
    panel.wait_for(timeout=PAGE_LOAD_TIMEOUT * 1000)
    indicator = panel.locator(".jp-Notebook-ExecutionIndicator")
    kernel_name = panel.locator(".jp-Toolbar-kernelName")
    # the indicator says "idle" even before a kernel is attached ("No Kernel"): wait for both
    wait_until(page, lambda: text_of(kernel_name) not in ("", "No Kernel") and indicator.get_attribute(
        "data-status") == "idle", "the lesson's kernel has started and is idle", timeout=PAGE_LOAD_TIMEOUT)
    assert panel.locator(".jp-OutputArea-output").count() == 0, "the copy should start without outputs"

    # Run > Run All Cells, through the menu bar as a learner would
    page.locator("#jp-MainMenu .lm-MenuBar-item", has_text=re.compile(r"^Run$")).click()
    page.locator('.lm-Menu-item[data-command="runmenu:run-all"]', has_text="Run All Cells").click()

    for selector in WIDGETS:
        panel.locator(f".jp-OutputArea-output {selector}").first.wait_for(timeout=RUN_ALL_TIMEOUT * 1000)

    # JupyterLab skips rendering off-screen cells (content-visibility), so read textContent, not innerText
    prompts = panel.locator(".jp-CodeCell .jp-InputArea-prompt")
    n_code = sum(cell["cell_type"] == "code" for cell in json.loads(copy.read_text())["cells"])

    def all_executed():
        texts = [t.strip() for t in prompts.all_text_contents()]
        assert len(texts) == n_code, f"{len(texts)} code cells in the page, {n_code} in the notebook"
        pending = [t for t in texts if not re.fullmatch(r"\[\d+\]:", t)]
        assert not pending, f"prompts not yet run: {pending}"
        return indicator.get_attribute("data-status") == "idle"

    wait_until(page, all_executed, "every code cell has run and the kernel is idle", timeout=RUN_ALL_TIMEOUT)
    errors = [text for text in panel.locator(".jp-OutputArea-output").all_text_contents()
              if "Traceback (most recent call last)" in text or re.search(r"^\w*(Error|Exception)\b", text, re.M)]
    assert not errors, "cells raised errors:\n" + "\n\n".join(e[:2000] for e in errors)

    for selector in WIDGETS:
        widget = panel.locator(f".jp-OutputArea-output {selector}").first
        widget.scroll_into_view_if_needed()
        image = widget.locator("img").first.element_handle()
        page.wait_for_function("i => i.complete && i.naturalWidth > 0", arg=image)  # the figure is shown
        img = widget.locator("img").first
        assert_not_upscaled(img)  # at most its pixel size; narrower only if the output area is
        print(f"{selector}: shown %.0f px wide, natural %d px" % displayed_and_natural_width(img))
        shoot(selector.strip(".").removeprefix("bs-"), widget)

    # the explorer answers in Lab too: a new activation gives a new readout
    explorer = panel.locator(".jp-OutputArea-output .bs-saturation-explorer").first
    explorer.scroll_into_view_if_needed()
    readout = explorer.locator(".bs-saturation-readout .widget-html-content")
    before = text_of(readout)
    menu = explorer.locator(".bs-activation select")
    menu.select_option("sigmoid" if menu.input_value() != "sigmoid" else "relu")
    wait_until(page, lambda: text_of(readout) not in ("", before), "the explorer's readout changes in JupyterLab")

    page.check_no_errors()
