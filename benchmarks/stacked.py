"""Training K stacked networks in one call vs K separate calls (COURSE_DESIGN.md §7: ≥ 8× faster).

64 independently initialised [2,16,16,1] ReLU/sigmoid networks on the same 400 points of
``circles``, 500 full-batch steps with ``train``'s default recording (loss and accuracy at every
step), either as one stacked call (every parameter has a leading axis of 64) or as 64 calls on the
slices. Both must give the same parameters and histories: the maximum absolute difference is printed.

Run: ``python benchmarks/stacked.py`` (or ``make bench`` for every benchmark).
"""

import numpy as np
from _bench import check, info, interleaved, machine_header, median_ratio, print_table, run

from nnlib.data import circles
from nnlib.mlp import init_params
from nnlib.train import train

K = 64
SIZES = [2, 16, 16, 1]
M = 400
STEPS = 500
LR = 0.1


def stacked(P, X, Y):
    return train(P, X, Y, lr=LR, steps=STEPS)


def separate(P, X, Y):
    runs = [train({k: v[i] for k, v in P.items()}, X, Y, lr=LR, steps=STEPS) for i in range(K)]
    params = {k: np.stack([p[k] for p, _ in runs]) for k in P}
    return params, np.stack([h.loss for _, h in runs], axis=-1), np.stack([h.accuracy for _, h in runs], axis=-1)


def main():
    machine_header(f"stacked: {K} networks in one train() call vs {K} calls")
    rng = np.random.default_rng(0)
    X, Y = circles(M, rng)
    P = init_params(SIZES, rng, stack=K)

    repeats, out = 3, {}  # no warm-up round: each call is seconds long, and its results are checked
    t = interleaved({"separate": lambda: separate(P, X, Y), "stacked": lambda: stacked(P, X, Y)},
                    repeats, warmup=0, outputs=out)
    (p_one, h_one), (p_sep, loss_sep, acc_sep) = out["stacked"], out["separate"]
    diff = max(float(np.abs(p_one[k] - p_sep[k]).max()) for k in P)
    diff_loss = float(np.abs(h_one.loss - loss_sep).max())
    same_acc = bool(np.array_equal(h_one.accuracy, acc_sep))
    speedup = median_ratio(t, "separate", "stacked")
    sec = {k: float(np.median(v)) for k, v in t.items()}
    print(f"{K} x {SIZES} on m={M}, {STEPS} steps, lr={LR}, loss/accuracy recorded every step; "
          f"median of {repeats} interleaved repeats:")
    per = {k: 1e6 * v / (K * STEPS) for k, v in sec.items()}
    print(f"  {K} separate calls {sec['separate']:.2f} s ({per['separate']:.0f} µs per network-step)"
          f" · one stacked call {sec['stacked']:.2f} s ({per['stacked']:.1f} µs per network-step)")
    print(f"  results equal? max |Δparam| = {diff:.1e}, max |Δloss| = {diff_loss:.1e}, "
          f"accuracy histories identical: {same_acc}")
    results = [
        check(f"{K} separate calls / one stacked call", speedup, "x", ">=", 8,
              f"{sec['separate']:.2f} s vs {sec['stacked']:.2f} s"),
        info("max |Δparam| stacked vs separate", diff, "", "should be ~1e-12 or exactly 0"),
    ]
    print()
    print_table(results)
    return results


if __name__ == "__main__":
    raise SystemExit(run(main))
