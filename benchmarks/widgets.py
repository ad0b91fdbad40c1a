"""How long does the saturation explorer take to react? (COURSE_DESIGN.md §7: median ≤ 50 ms.)

The kernel-side work of one update of lesson 04's saturation explorer
(:func:`nnlib.widgets.saturation_explorer`) at depth 10, width 256 and 512 samples: setting a
control's value runs the widget's observer, which recomputes the statistics
(:func:`nnlib.saturation.saturation_stats`, a forward and backward pass of the deep network),
redraws the figure and encodes the image. The browser's part (transfer, display) is not included.

The scale slider is swept over its log grid for each of the four activations, as a student would
drag it. As a baseline measured in the same process, one ``nnlib.mlp.forward`` + ``backward`` of
the same network shows what the bare numerical work costs (both it and ``saturation_stats`` alone
are timed on one BLAS thread, as the explorer computes).

Run: ``python benchmarks/widgets.py`` (or ``make bench`` for every benchmark).
"""

import time

import numpy as np
from _bench import check, info, machine_header, print_table, run
from threadpoolctl import threadpool_limits

from nnlib.mlp import backward, forward, init_params
from nnlib.saturation import ACTIVATION_NAMES, saturation_stats
from nnlib.widgets import saturation_explorer

DEPTH, WIDTH, M = 10, 256, 512
SCALES = 10.0 ** np.arange(-3.0, 1.0001, 0.25)  # every 5th stop of the widget's slider (step 0.05 in log10)


def main():
    machine_header(f"widgets: saturation explorer update at depth {DEPTH}, width {WIDTH}, m={M}")
    explorer = saturation_explorer(scale=SCALES[0], activation="tanh", depth=DEPTH, width=WIDTH, m=M)

    def update(activation, scale):
        """What the kernel does when a student releases the slider: observer -> compute -> redraw."""
        start = time.perf_counter()
        if explorer.activation_menu.value != activation:
            explorer.activation_menu.value = activation
        else:
            explorer.scale_slider.value = scale
        return time.perf_counter() - start

    rng = np.random.default_rng(0)
    p = init_params([WIDTH] * (DEPTH + 1) + [1], rng, init="normal", std=0.05)
    X, Y = rng.standard_normal((WIDTH, M)), (rng.random((1, M)) < 0.5).astype(float)

    for scale in SCALES[:4]:  # warm-up: first draws of the axes, caches
        update("tanh", scale)
    updates, computes, passes = [], [], []
    fired = len(explorer.timings)
    for activation in ACTIVATION_NAMES:
        for scale in SCALES:
            updates.append(update(activation, scale))
            # The computation alone and the baseline, interleaved with the updates, on one BLAS thread
            # as the explorer computes (it limits itself to one: a second thread makes updates 10x
            # slower whenever another process uses a core).
            with threadpool_limits(limits=1, user_api="blas"):
                start = time.perf_counter()
                saturation_stats(scale, activation, DEPTH, WIDTH, M)
                computes.append(time.perf_counter() - start)
                start = time.perf_counter()  # baseline: a plain nnlib forward + backward
                _, cache = forward(p, X, hidden=activation, output="sigmoid")
                backward(p, cache, Y)
                passes.append(time.perf_counter() - start)
    fired = len(explorer.timings) - fired
    if fired != len(updates):  # every value set must have run the observer once
        raise RuntimeError(f"{len(updates)} control changes ran {fired} widget updates")
    ms = 1e3 * np.array(updates)
    med, p90 = float(np.median(ms)), float(np.percentile(ms, 90))
    compute, base = 1e3 * float(np.median(computes)), 1e3 * float(np.median(passes))
    print(f"{len(ms)} updates ({len(SCALES)} scales x {len(ACTIVATION_NAMES)} activations): "
          f"median {med:.1f} ms, p90 {p90:.1f} ms, max {ms.max():.1f} ms")
    print(f"  of which saturation_stats (compute, 1 BLAS thread) median {compute:.1f} ms; "
          f"baseline nnlib.mlp forward+backward of the same network {base:.1f} ms")
    results = [
        check("saturation explorer update, median", med, "ms", "<=", 50, f"p90 {p90:.1f} ms"),
        info("saturation explorer update, p90", p90, "ms"),
        info("  compute (saturation_stats) / update", compute / med, "x", f"{compute:.1f} ms"),
        info("  update / nnlib forward+backward", med / base, "x", f"baseline {base:.1f} ms"),
    ]
    print()
    print_table(results)
    return results


if __name__ == "__main__":
    raise SystemExit(run(main))
