"""Training K stacked networks in one call vs K separate calls (COURSE_DESIGN.md §7: ≥ 8× faster).

64 independently initialised [2,16,16,1] ReLU/sigmoid networks on the same 400 points of
``circles``, 500 full-batch steps with ``train``'s default recording (loss and accuracy at every
step), either as one stacked call (every parameter has a leading axis of 64) or as 64 calls on the
slices. Both must give the same parameters and histories: the maximum absolute difference is printed.
Two context figures follow: how much faster stacking could be if everything but the stacked matrix
products were free, and the same comparison for 64 × [2,4,1] on 50 points (little work per network).

Run: ``python benchmarks/stacked.py`` (or ``make bench`` for every benchmark).
"""

import numpy as np
from _bench import check, info, interleaved, machine_header, median_ratio, print_table, run

from nnlib.data import circles
from nnlib.mlp import forward, init_params
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


def products_only(P, X, steps):
    """The stacked step's matrix products alone, ``steps`` times: what the BLAS needs at the very least.

    Forward ``W @ A`` for 3 layers, ``dW = dZ A^T`` for 3 layers and ``W^T dZ`` for 2, on the
    stacked shapes (the pre-activations stand in for ``dZ``: the values do not change the time).
    """
    _, cache = forward(P, X, hidden="relu", output="sigmoid")
    L = len(SIZES) - 1
    for _ in range(steps):
        for l in range(1, L + 1):
            _ = P[f"W{l}"] @ cache[f"A{l - 1}"]
            _ = cache[f"Z{l}"] @ cache[f"A{l - 1}"].swapaxes(-1, -2)
            if l > 1:
                _ = P[f"W{l}"].swapaxes(-1, -2) @ cache[f"Z{l}"]


def main():
    machine_header(f"stacked: {K} networks in one train() call vs {K} calls")
    rng = np.random.default_rng(0)
    X, Y = circles(M, rng)
    P = init_params(SIZES, rng, stack=K)

    repeats, out = 3, {}  # no warm-up round: each call is seconds long, and its results are checked
    few = STEPS // 10
    t = interleaved({"separate": lambda: separate(P, X, Y), "stacked": lambda: stacked(P, X, Y),
                     "products": lambda: products_only(P, X, few)}, repeats, warmup=0, outputs=out)
    t["products"] = t["products"] * (STEPS / few)
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
    bound = median_ratio(t, "separate", "products")
    print(f"  the stacked matrix products alone take {sec['products']:.2f} s for {STEPS} steps "
          f"({100 * sec['products'] / sec['stacked']:.0f} % of the stacked call): even if everything else were free, "
          f"stacking could be at most {bound:.1f}x faster")
    print(f"  results equal? max |Δparam| = {diff:.1e}, max |Δloss| = {diff_loss:.1e}, "
          f"accuracy histories identical: {same_acc}")
    results = [
        check(f"{K} separate calls / one stacked call", speedup, "x", ">=", 8,
              f"{sec['separate']:.2f} s vs {sec['stacked']:.2f} s"),
        info("  bound: separate / stacked matrix products alone", bound, "x", "if all but the BLAS were free"),
        info("max |Δparam| stacked vs separate", diff, "", "should be ~1e-12 or exactly 0"),
    ]
    # Context, not the goal: the same comparison with little work per network, where a step is
    # mostly per-call overhead — the case stacking is made for.
    Xs, Ys = circles(50, rng)
    Ps = init_params([2, 4, 1], rng, stack=K)
    t_small = interleaved({"separate": lambda: separate(Ps, Xs, Ys), "stacked": lambda: stacked(Ps, Xs, Ys)}, 3)
    small = median_ratio(t_small, "separate", "stacked")
    print(f"  context: {K} x [2, 4, 1] on m=50, same settings: {K} separate calls / one stacked call = {small:.1f}x")
    results.append(info(f"  context: {K} x [2,4,1] on m=50, separate / stacked", small, "x",
                        "little work per network: stacking removes per-call overhead"))
    print()
    print_table(results)
    return results


if __name__ == "__main__":
    raise SystemExit(run(main))
