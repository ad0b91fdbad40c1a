"""How long does the saturation explorer take to react? (COURSE_DESIGN.md §7: median ≤ 50 ms.)

The kernel-side work of one update of lesson 04's saturation explorer
(:func:`nnlib.widgets.saturation_explorer`) at depth 10, width 256 and 512 samples: setting a
control's value runs the widget's observer, which recomputes the statistics
(:func:`nnlib.saturation.saturation_stats`, a forward and backward pass of the deep network),
redraws the figure and encodes the image. The browser's part (transfer, display) is not included.

The scale slider is swept over its log grid for each of the four activations, as a student would
drag it. As a baseline measured in the same process, one ``nnlib.mlp.forward`` + ``backward`` of
the same network shows what the bare numerical work costs.

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

    def sweep():
        """Every scale for every activation; per update: widget update, its compute alone, the baseline."""
        updates, computes, passes = [], [], []
        fired = len(explorer.timings)
        for activation in ACTIVATION_NAMES:
            for scale in SCALES:
                updates.append(update(activation, scale))
                start = time.perf_counter()
                saturation_stats(scale, activation, DEPTH, WIDTH, M)
                computes.append(time.perf_counter() - start)
                start = time.perf_counter()  # baseline, interleaved: a plain nnlib forward + backward
                _, cache = forward(p, X, hidden=activation, output="sigmoid")
                backward(p, cache, Y)
                passes.append(time.perf_counter() - start)
        fired = len(explorer.timings) - fired
        if fired != len(updates):  # every value set must have run the observer once
            raise RuntimeError(f"{len(updates)} control changes ran {fired} widget updates")
        return 1e3 * np.array(updates), 1e3 * np.median(computes), 1e3 * np.median(passes)

    for scale in SCALES[:4]:  # warm-up: first draws of the axes, caches, BLAS threads
        update("tanh", scale)
    ms, compute, base = sweep()
    med, p90 = float(np.median(ms)), float(np.percentile(ms, 90))
    with threadpool_limits(limits=1, user_api="blas"):
        ms1, compute1, _ = sweep()
    print(f"{len(ms)} updates ({len(SCALES)} scales x {len(ACTIVATION_NAMES)} activations): "
          f"median {med:.1f} ms, p90 {p90:.1f} ms, max {ms.max():.1f} ms")
    print(f"  of which saturation_stats (compute) median {compute:.1f} ms; "
          f"baseline nnlib.mlp forward+backward of the same network {base:.1f} ms")
    print(f"  again with the BLAS limited to 1 thread (robust when other programs load the cores): "
          f"median {np.median(ms1):.1f} ms, p90 {np.percentile(ms1, 90):.1f} ms, compute {compute1:.1f} ms")
    results = [
        check("saturation explorer update, median", med, "ms", "<=", 50, f"p90 {p90:.1f} ms"),
        info("saturation explorer update, p90", p90, "ms"),
        info("  compute (saturation_stats) / update", compute / med, "x", f"{compute:.1f} ms"),
        info("  update / nnlib forward+backward", med / base, "x", f"baseline {base:.1f} ms"),
        info("saturation explorer update, median (1 BLAS thread)", float(np.median(ms1)), "ms",
             f"p90 {np.percentile(ms1, 90):.1f} ms"),
    ]
    print()
    print_table(results)
    return results


if __name__ == "__main__":
    raise SystemExit(run(main))
