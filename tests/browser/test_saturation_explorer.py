"""The saturation explorer of lesson 04, driven in Chromium through Voilà.

After every interaction the last-layer readout on the page must equal what
:func:`nnlib.saturation.saturation_stats` computes in this process for the same settings, and the
plot image must have changed. A screenshot of every state goes to ``test-artifacts/screenshots/``.
"""

import math

import pytest

from nnlib.saturation import saturation_stats
from nnlib.widgets.readout import parse_readout, readout

from .browser_helpers import (
    EXPLORER_START,
    PAGE_LOAD_TIMEOUT,
    assert_not_upscaled,
    image_digest,
    text_of,
    type_into,
    wait_until,
)

pytestmark = pytest.mark.browser

#: FloatLogSlider step of the scale slider, in decades (``nnlib.widgets.SaturationExplorer``).
SCALE_STEP = 0.05


def expected(scale, activation, depth):
    """The readout nnlib computes for these settings (the other settings as in the served notebook)."""
    start = EXPLORER_START
    return readout(saturation_stats(scale, activation, depth, start["width"], start["m"], start["seed"]))


def matches(shown, wanted):
    """Same layer, saturated fraction and mean |g'| (4 printed decimals); std and gradient RMS to print precision."""
    a, b = parse_readout(shown), parse_readout(wanted)
    assert a["layer"] == b["layer"], f"layer {a['layer']} != {b['layer']}"
    assert a["saturated"] == b["saturated"], f"saturated {a['saturated']} != {b['saturated']}"
    assert a["mean_abs_gprime"] == b["mean_abs_gprime"], f"mean |g'| {a['mean_abs_gprime']} != {b['mean_abs_gprime']}"
    for key in ("std", "dZ_rms"):
        assert math.isclose(a[key], b[key], rel_tol=2e-3), f"{key} {a[key]} != {b[key]}"
    return True


class Explorer:
    """The widget on the page: its controls, readout and image."""

    def __init__(self, page):
        self.page = page
        box = page.locator(".bs-saturation-explorer")
        self.box = box
        self.readout = box.locator(".bs-saturation-readout .widget-html-content")
        self.image = box.locator("img.bs-saturation-figure")
        self.scale_handle = box.locator(".bs-scale .noUi-handle")
        self.scale_text = box.locator(".bs-scale .widget-readout")
        self.depth_text = box.locator(".bs-depth .widget-readout")
        self.activation = box.locator(".bs-activation select")
        self.digest = None

    def type_into(self, readout, value):
        type_into(self.page, readout, value)

    def shows(self, scale, activation, depth, what):
        """Wait until the readout equals nnlib's numbers and the image has changed; return the readout."""
        wanted = expected(scale, activation, depth)
        shown = wait_until(self.page, lambda: matches(text_of(self.readout), wanted) and text_of(self.readout),
                           f"{what}: readout {wanted!r}")
        before = self.digest
        self.digest = wait_until(self.page, lambda: (d := image_digest(self.image)) != before and d,
                                 f"{what}: the plot image changes")
        return shown


def test_saturation_explorer_matches_nnlib(voila, page, shoot):
    page.goto(voila.url("voila/render/saturation_explorer.ipynb"), timeout=PAGE_LOAD_TIMEOUT * 1000)
    page.locator(".bs-saturation-explorer").wait_for(timeout=PAGE_LOAD_TIMEOUT * 1000)
    w = Explorer(page)
    scale, activation, depth = EXPLORER_START["scale"], EXPLORER_START["activation"], EXPLORER_START["depth"]

    w.shows(scale, activation, depth, "first render")
    assert text_of(w.activation.locator("option:checked")) == activation
    assert_not_upscaled(w.image, exact=True)  # the page is wider than the figure: shown 1:1, crisp
    shoot("1-start-tanh-0.01-depth10")

    # a typed value: the readout of the log slider takes the scale itself
    scale = 1.0
    w.type_into(w.scale_text, "1")
    shown = w.shows(scale, activation, depth, "scale typed as 1")
    assert parse_readout(shown)["saturated"] > 0.3, "tanh at scale 1 (width 256) should saturate"
    shoot("2-typed-scale-1")

    # the keyboard: four presses of ArrowLeft on the focused handle, each one step of 0.05 decades
    w.scale_handle.focus()
    for _ in range(4):
        page.keyboard.press("ArrowLeft")
    scale = 10 ** (0.0 - 4 * SCALE_STEP)
    w.shows(scale, activation, depth, "scale moved by keyboard to 10**-0.2")
    assert text_of(w.scale_text) == f"{scale:.3g}"
    shoot("3-keyboard-scale-0.631")

    for activation in ("sigmoid", "relu"):
        w.activation.select_option(activation)
        w.shows(scale, activation, depth, f"activation switched to {activation}")
        shoot(f"4-activation-{activation}")

    depth = 4
    w.type_into(w.depth_text, depth)
    shown = w.shows(scale, activation, depth, "depth typed as 4")
    assert parse_readout(shown)["layer"] == depth
    shoot("5-depth-4")

    page.check_no_errors()
