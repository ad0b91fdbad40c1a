"""The training playground of lesson 04, driven in Chromium through Voilà.

Play: the step counter advances and the loss falls. Pause: training stops, and the loss shown equals
what :class:`nnlib.widgets.session.Session` reaches in this process after the same number of steps. Step:
exactly one chunk more. Reset: back to step 0 and the initial loss. Screenshots of every state go to
``test-artifacts/screenshots/``.
"""

import pytest

from nnlib.widgets.session import Session

from .browser_helpers import (
    PAGE_LOAD_TIMEOUT,
    PLAYGROUND_START,
    assert_not_upscaled,
    image_digest,
    text_of,
    wait_until,
)

pytestmark = pytest.mark.browser

CHUNK = PLAYGROUND_START["steps_per_tick"]
#: Play until at least this many steps are shown.
PLAY_AT_LEAST = 100


def expected_loss(steps):
    """The loss nnlib reaches after ``steps`` updates (in chunks, as the widget trains), printed as shown."""
    assert steps % CHUNK == 0, f"the widget trains in chunks of {CHUNK} steps, yet shows step {steps}"
    start = {k: v for k, v in PLAYGROUND_START.items() if k != "steps_per_tick"}
    session = Session(**start)
    for _ in range(steps // CHUNK):
        session.advance(CHUNK)
    return f"{session.loss:.4f}"


class Playground:
    """The widget on the page: buttons, readouts and image."""

    def __init__(self, page):
        self.page = page
        box = page.locator(".bs-training-playground")
        self.box = box
        self.buttons = {name: box.locator(f"button.bs-{name}") for name in ("play", "pause", "step", "reset")}
        self.counter = box.locator(".bs-step-counter .widget-html-content")
        self.loss = box.locator(".bs-loss-readout .widget-html-content")
        self.status = box.locator(".bs-status .widget-html-content")
        self.image = box.locator("img.bs-playground-figure")

    def step(self):
        return int(text_of(self.counter))

    def state(self):
        """(step, loss text) read in one go."""
        return self.page.evaluate(
            "([c, l]) => [c, l].map(s => document.querySelector(s).textContent.trim())",
            [".bs-training-playground .bs-step-counter .widget-html-content",
             ".bs-training-playground .bs-loss-readout .widget-html-content"])

    def playing(self):
        """True when Play is disabled and Pause enabled (the widget says it is training)."""
        return self.buttons["play"].is_disabled() and self.buttons["pause"].is_enabled()

    def idle(self):
        return self.buttons["play"].is_enabled() and self.buttons["pause"].is_disabled()


def test_training_playground_play_pause_step_reset(voila, page, shoot):
    page.goto(voila.url("voila/render/training_playground.ipynb"), timeout=PAGE_LOAD_TIMEOUT * 1000)
    page.locator(".bs-training-playground").wait_for(timeout=PAGE_LOAD_TIMEOUT * 1000)
    w = Playground(page)
    initial_loss = expected_loss(0)

    wait_until(page, lambda: w.state() == ["0", initial_loss], f"first render shows step 0 and loss {initial_loss}")
    assert w.idle(), "before Play: Play enabled, Pause disabled"
    assert text_of(w.status) == ""
    digest = wait_until(page, lambda: image_digest(w.image), "the figure is shown")
    assert_not_upscaled(w.image, exact=True)  # the page is wider than the figure: shown 1:1, crisp
    shoot("1-start")

    # Play: the counter advances (never backwards) and the loss falls
    w.buttons["play"].click()
    seen = []

    def trained_enough():
        step, loss = w.state()
        seen.append((int(step), float(loss)))
        return int(step) >= PLAY_AT_LEAST and float(loss) < float(initial_loss)

    wait_until(page, trained_enough, f"after Play, step >= {PLAY_AT_LEAST} and loss < {initial_loss}")
    steps = [s for s, _ in seen]
    assert steps == sorted(steps), f"the step counter went backwards: {steps}"
    assert len(set(steps)) >= 2, f"the step counter should advance while playing, saw {sorted(set(steps))}"
    assert w.playing(), "while training: Play disabled, Pause enabled"
    shoot("2-playing")

    # Pause: training stops; the state shown is nnlib's after the same number of steps
    w.buttons["pause"].click()
    wait_until(page, w.idle, "after Pause, Play is enabled again and Pause disabled")
    step, loss = w.state()
    paused_at = int(step)
    assert paused_at >= PLAY_AT_LEAST
    assert loss == expected_loss(paused_at), f"loss shown at step {paused_at}"
    digest_paused = wait_until(page, lambda: (d := image_digest(w.image)) != digest and d,
                               "the figure changed during training")
    shoot("3-paused")

    # Step: exactly one chunk more, and nothing else runs in the background
    w.buttons["step"].click()
    after_step = [str(paused_at + CHUNK), expected_loss(paused_at + CHUNK)]
    wait_until(page, lambda: w.state() == after_step, f"after Step, step and loss {after_step}")
    digest_stepped = wait_until(page, lambda: (d := image_digest(w.image)) != digest_paused and d,
                                "after Step, the figure changes")
    assert w.state() == after_step and w.idle(), "a paused playground must not keep training"
    shoot("4-stepped")

    # Reset: back to the start
    w.buttons["reset"].click()
    wait_until(page, lambda: w.state() == ["0", initial_loss], f"after Reset, step 0 and loss {initial_loss}")
    wait_until(page, lambda: (d := image_digest(w.image)) != digest_stepped and d, "after Reset, the figure changes")
    assert w.idle() and text_of(w.status) == ""
    shoot("5-reset")

    page.check_no_errors()
