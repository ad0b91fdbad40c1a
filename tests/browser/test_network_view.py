"""The training playground's network view, driven in Chromium through Voilà.

After every interaction the unit maps the page draws (summarised in the readout's ``data-unit-maps``)
must equal what nnlib computes in this process — :func:`nnlib.mlp.forward` on the same grid, for a
:class:`nnlib.widgets.session.Session` with the same settings after the same number of steps — and
the readout must say how many maps differ: all of them for a random start, one per layer for a
zero or constant start. The width and depth sliders rebuild the network. Screenshots of the view in
every state go to ``test-artifacts/screenshots/``.
"""

import json

import numpy as np
import pytest

from nnlib.widgets.network import distinct_units, map_summary, plane_grid, unit_maps
from nnlib.widgets.network_view import RESOLUTION
from nnlib.widgets.session import Session

from .browser_helpers import (
    PAGE_LOAD_TIMEOUT,
    PLAYGROUND_START,
    assert_not_upscaled,
    image_digest,
    text_of,
    type_into,
    wait_until,
)

pytestmark = pytest.mark.browser

CHUNK = PLAYGROUND_START["steps_per_tick"]


def nnlib_maps(init, hidden_sizes, steps):
    """Unit maps of the session the widget should be showing, computed here with nnlib."""
    start = {k: v for k, v in PLAYGROUND_START.items() if k != "steps_per_tick"}
    session = Session(**{**start, "init": init, "hidden_sizes": hidden_sizes})
    for _ in range(steps // CHUNK):
        session.advance(CHUNK)
    return unit_maps(session.params, plane_grid(session.X, RESOLUTION)[0], hidden=session.activation)


class NetworkPanel:
    """The network view on the page: its sliders, readout and image, and the playground's controls."""

    def __init__(self, page):
        self.page = page
        box = page.locator(".bs-training-playground")
        self.init = box.locator(".bs-init select")
        self.step_button = box.locator("button.bs-step")
        self.width_text = box.locator(".bs-net-width .widget-readout")
        self.depth_text = box.locator(".bs-net-depth .widget-readout")
        self.readout = box.locator(".bs-network-readout .widget-html-content")
        self.data = box.locator(".bs-network-readout [data-unit-maps]")
        self.image = box.locator("img.bs-network-figure")
        self.digest = None

    def type_into(self, readout, value):
        type_into(self.page, readout, value)

    def summary(self):
        value = self.data.get_attribute("data-unit-maps") if self.data.count() else None
        return json.loads(value) if value else None

    def shows(self, init, hidden_sizes, steps, what):
        """Wait until the page's maps equal nnlib's and the image has changed; return the readout text."""
        maps = nnlib_maps(init, hidden_sizes, steps)
        wanted = map_summary(maps)
        distinct = [distinct_units(layer) for layer in maps[1:-1]]
        text = "distinct hidden-unit maps: " + ", ".join(
            f"layer {l}: {d} of {n}" for l, (d, n) in enumerate(zip(distinct, hidden_sizes, strict=True), start=1))

        def matches():
            shown = self.summary()
            if shown is None or [len(layer) for layer in shown] != list(hidden_sizes):
                return False
            close = all(np.allclose(a, b, rtol=0, atol=2e-6) for a, b in zip(shown, wanted, strict=True))
            return close and text_of(self.readout) == text

        wait_until(self.page, matches, f"{what}: the unit maps of nnlib ({text})")
        before = self.digest
        self.digest = wait_until(self.page, lambda: (d := image_digest(self.image)) != before and d,
                                 f"{what}: the network image changes")
        return text


def test_network_view_matches_nnlib(voila, page, shoot):
    page.goto(voila.url("voila/render/training_playground.ipynb"), timeout=PAGE_LOAD_TIMEOUT * 1000)
    page.locator(".bs-training-playground").wait_for(timeout=PAGE_LOAD_TIMEOUT * 1000)
    w = NetworkPanel(page)
    sizes = tuple(PLAYGROUND_START["hidden_sizes"])

    # the served start: He init, every unit its own map
    text = w.shows("he_normal", sizes, 0, "first render")
    assert all(f"{n} of {n}" in text for n in sizes), text
    assert_not_upscaled(w.image, exact=True)
    shoot("1-he-normal", w.image)

    # a zero start: every hidden unit has the same (flat) map, before and after a step
    w.init.select_option("zeros")
    assert "1 of" in w.shows("zeros", sizes, 0, "zeros")
    shoot("2-zeros", w.image)
    w.step_button.click()
    w.digest = None  # the maps are the same as before the step (tanh from zero: nothing moves)
    assert "1 of" in w.shows("zeros", sizes, CHUNK, "zeros after Step")

    # a constant start: identical maps, and they stay identical while the network trains
    w.init.select_option("constant")
    w.shows("constant", sizes, 0, "constant")
    w.step_button.click()
    w.step_button.click()
    text = w.shows("constant", sizes, 2 * CHUNK, "constant after two Steps")
    assert all(f"1 of {n}" in text for n in sizes), text
    shoot("3-constant-trained", w.image)

    # width 4, depth 3: a new network of three hidden layers (still the constant start)
    w.type_into(w.width_text, 4)
    w.shows("constant", (4,) * len(sizes), 0, "width 4")
    w.type_into(w.depth_text, 3)
    text = w.shows("constant", (4, 4, 4), 0, "width 4, depth 3")
    assert text.endswith("layer 3: 1 of 4"), text
    shoot("4-constant-4x3", w.image)

    # and a random start on the new architecture: the maps differ
    w.init.select_option("he_normal")
    text = w.shows("he_normal", (4, 4, 4), 0, "he_normal, width 4, depth 3")
    assert text.count("4 of 4") == 3, text
    w.step_button.click()
    w.shows("he_normal", (4, 4, 4), CHUNK, "he_normal after Step")
    shoot("5-he-normal-4x3", w.image)
    shoot("6-page")

    page.check_no_errors()
