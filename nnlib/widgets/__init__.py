"""The interactive widgets of lesson 04, and the figures they draw.

Each widget only wires controls to a plain computation that works without a browser:

* :func:`saturation_explorer` (:mod:`nnlib.widgets.explorer`) shows
  :func:`nnlib.saturation.saturation_stats` — per-layer histograms of the activations, the saturated
  fraction, mean ``|g'|``, the activations' std and the back-propagated gradient's RMS of a random
  deep network — and its one-line :func:`nnlib.widgets.readout.readout` of the last layer.
* :func:`training_playground` (:mod:`nnlib.widgets.playground`) trains a
  :class:`nnlib.widgets.session.Session` a chunk at a time and shows the decision boundary, the loss
  curve, the step counter and the current loss, and below them the network itself
  (:class:`NetworkView`: every unit's activation map over the input plane, edges coloured by weight),
  with controls for the width and the number of hidden layers.

The modules, one concept each:

=============================  ====================================================================
:mod:`.explorer`               the saturation explorer widget
:mod:`.saturation_view`        its figure (:class:`SaturationView`, :func:`saturation_panels`) and
                               the histograms it draws (:data:`HIST_RANGE`, :func:`histograms`)
:mod:`.readout`                the explorer's one-line text (:data:`READOUT`, :func:`readout`,
                               :func:`parse_readout` for browser tests)
:mod:`.playground`             the training playground widget
:mod:`.playground_view`        its figure (:class:`PlaygroundView`)
:mod:`.session`                its state, usable without a browser (:class:`Session`)
:mod:`.network`                the network view's computation: unit maps on a grid of the input
                               plane, distinct maps, the readout summary, the diagram's layout
:mod:`.network_view`           the network view's figure (:class:`NetworkView`)
:mod:`.style`                  sizes, fonts and colours shared by the figures; CSS classes
``_blit``                      (private) the blitting renderer that turns a figure into JPEG frames
=============================  ====================================================================

How they draw: each widget owns one matplotlib ``Figure`` (not a pyplot figure, so nothing is
displayed twice) with a view that updates its artists in place; the blitting renderer redraws only
what changed and sends a JPEG to an ``ipywidgets.Image``. Sliders use ``continuous_update=False``:
one update per release. The static figures for notebooks viewed without widgets come from the same
views (:func:`saturation_panels`).

How the playground runs without freezing the notebook: *Play* starts an ``asyncio`` task on the
kernel's event loop that alternates a chunk of ``steps_per_tick`` training steps and a redraw with
``await asyncio.sleep(interval)``. The kernel stays free between chunks, so *Pause*, the other
controls and new cells keep working. It stops by itself after ``max_steps`` steps or a divergence.
Without an event loop (a plain script) *Play* says so, and *Step* still works.

CSS classes (``widget.add_class``) that browser tests look for:

==========================  ===============================================================
saturation explorer         ``bs-saturation-explorer`` (the box), ``bs-scale``, ``bs-activation``,
                            ``bs-depth``, ``bs-width``, ``bs-saturation-readout`` (text in the
                            format :data:`nnlib.widgets.readout.READOUT`), ``bs-saturation-figure``
training playground         ``bs-training-playground`` (the box), ``bs-dataset``, ``bs-init``,
                            ``bs-scale``, ``bs-activation``, ``bs-lr``, ``bs-play``, ``bs-pause``,
                            ``bs-step``, ``bs-reset``, ``bs-step-counter`` (the step, an integer),
                            ``bs-loss-readout`` (the loss, 4 decimals), ``bs-accuracy-readout``,
                            ``bs-status``, ``bs-playground-figure``; the network view:
                            ``bs-net-width``, ``bs-net-depth`` (sliders), ``bs-network-readout``
                            (distinct maps per layer; its ``[data-unit-maps]`` span holds
                            :func:`nnlib.widgets.network.map_summary` as JSON), ``bs-network-figure``
==========================  ===============================================================
"""

from .explorer import SaturationExplorer, saturation_explorer
from .network_view import NetworkView
from .playground import TrainingPlayground, training_playground
from .playground_view import PlaygroundView
from .saturation_view import SaturationView, saturation_panels

__all__ = ["saturation_explorer", "SaturationExplorer", "training_playground", "TrainingPlayground",
           "saturation_panels", "SaturationView", "PlaygroundView", "NetworkView"]
