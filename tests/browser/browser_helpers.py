"""Helpers shared by the browser tests (the fixtures are in ``conftest.py``).

The widgets' starting settings live here, so the notebook the server renders and the values the tests
compute with nnlib come from one place.
"""

import json
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: Each interaction must show on the page within this time (a generous ceiling on a shared 2-core
#: machine; latency is measured by benchmarks/, not asserted here).
INTERACTION_TIMEOUT = 30
#: Opening a page means starting a kernel and executing the notebook: allowed more time.
PAGE_LOAD_TIMEOUT = 180

#: Arguments of ``saturation_explorer`` in the served notebook.
EXPLORER_START = {"scale": 0.01, "activation": "tanh", "depth": 10, "width": 256, "m": 512, "seed": 0}
#: Arguments of ``training_playground`` in the served notebook.
PLAYGROUND_START = {"dataset": "circles", "init": "he_normal", "scale": 1.0, "activation": "tanh", "lr": 0.5,
                    "hidden_sizes": (16, 16), "m": 200, "seed": 0, "steps_per_tick": 20}


def _call(function, kwargs):
    return f"{function}(" + ", ".join(f"{k}={v!r}" for k, v in kwargs.items()) + ")"


#: The small notebooks Voilà serves (``file name -> code cells``): each displays one widget of lesson 04.
WIDGET_NOTEBOOKS = {
    "saturation_explorer.ipynb": ["from nnlib.widgets import saturation_explorer",
                                  _call("saturation_explorer", EXPLORER_START)],
    "training_playground.ipynb": ["from nnlib.widgets import training_playground",
                                  _call("training_playground", PLAYGROUND_START)],
}


def wait_until(page, condition, what, timeout=INTERACTION_TIMEOUT):
    """Poll ``condition()`` every 100 ms until it returns something truthy, and return that.

    ``condition`` may raise ``AssertionError`` (counted as "not yet"). After ``timeout`` seconds the
    test fails with ``what`` and the last value or assertion message.
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            value, last = condition(), None
        except AssertionError as err:
            value, last = None, err
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout} s: {what} (last: {last if last else value!r})")
        page.wait_for_timeout(100)  # polling interval


#: SHA-256 of the bytes behind an <img> (the ipywidgets Image shows its PNG through a blob: URL);
#: null while the image is loading or its blob URL was just replaced by a newer one.
_IMAGE_DIGEST_JS = """async img => {
    try {
        if (!img.complete || !img.naturalWidth) return null;
        const bytes = await (await fetch(img.src)).arrayBuffer();
        const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
        return Array.from(digest, x => x.toString(16).padStart(2, '0')).join('');
    } catch (err) {
        return null;
    }
}"""


def type_into(page, readout, value):
    """Type a value into a slider's editable readout and press Enter (what the lessons tell learners to do)."""
    readout.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(str(value))
    page.keyboard.press("Enter")


def image_digest(locator):
    """Digest of the image an ``<img>`` locator shows now (changes exactly when the PNG changes).

    ``None`` while there is no loaded image; use it inside :func:`wait_until`.
    """
    return locator.evaluate(_IMAGE_DIGEST_JS)


def text_of(locator):
    """The text of an element, stripped ('' when it is empty).

    ``textContent``, not ``innerText``: JupyterLab skips rendering cells outside the viewport
    (``content-visibility``), and their ``innerText`` is empty.
    """
    return (locator.text_content() or "").strip()


def copy_notebook(source, folder, clear_outputs=True):
    """Copy a repository notebook into ``folder`` (outputs cleared, so what shows was produced now)."""
    nb = json.loads(Path(source).read_text())
    if clear_outputs:
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                cell["outputs"], cell["execution_count"] = [], None
        nb.get("metadata", {}).pop("widgets", None)
    target = Path(folder) / Path(source).name
    target.write_text(json.dumps(nb, indent=1))
    return target


def displayed_and_natural_width(locator):
    """(CSS width the page gives an ``<img>``, the image's own pixel width)."""
    return tuple(locator.evaluate("i => [i.getBoundingClientRect().width, i.naturalWidth]"))


def assert_not_upscaled(locator, exact=False):
    """The figure is never stretched beyond its pixel size (upscaled text is blurry); ``exact``: shown 1:1."""
    shown, natural = displayed_and_natural_width(locator)
    assert natural > 0, "the image has not loaded"
    if exact:
        assert abs(shown - natural) < 1, f"the image is shown {shown:.0f} px wide, its pixels are {natural} px"
    else:
        assert shown <= natural + 0.5, f"the image is stretched to {shown:.0f} px from {natural} px"

