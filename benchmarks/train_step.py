"""How fast is one nnlib training step? Ratios against hand-written numpy, PyTorch and the BLAS.

Three comparisons (COURSE_DESIGN.md §7):

1. A [2,16,16,1] ReLU/ReLU/sigmoid net on 400 points: nnlib's step vs the same maths written in
   the most direct numpy (goal ≤ 1.25×, issue 12; the design posed 1.3×). nnlib's step is timed two
   ways: what ``nnlib.train.train`` does per step — ``train(..., steps=N, record_every=N)`` divided
   by N, so its one-off input validation and its two loss/accuracy records are amortised over N
   steps — and a step written by hand with the public, validating ``forward`` / ``backward`` and an
   SGD update.
2. The same net in PyTorch (CPU, float64, ``nn.Sequential`` + ``BCEWithLogitsLoss`` + ``optim.SGD``)
   when torch is installed (goal: torch ≥ 5× slower than nnlib).
3. A [784,512,512,10] ReLU/softmax net on 256 examples: nnlib's achieved GFLOP/s (matrix-multiply
   FLOPs of the step / step time) against this machine's float64 matrix-multiply rate, measured in
   the same run on 1024×1024 matrices (goal ≥ 70 %).

Run: ``python benchmarks/train_step.py`` (or ``make bench`` for every benchmark).
"""

import numpy as np
from _bench import TORCH_HINT, Result, check, info, interleaved, machine_header, median_ratio, print_table, run

from nnlib.data import circles
from nnlib.mlp import backward, forward, init_params
from nnlib.train import train

SMALL = [2, 16, 16, 1]
M_SMALL = 400
BIG = [784, 512, 512, 10]
M_BIG = 256
LR = 0.1


def minimal_numpy(p, X, Y, lr, steps):
    """The baseline: one [2,16,16,1] training step in the most direct numpy, ``steps`` times.

    Same maths as nnlib: relu, relu, sigmoid forward; binary cross-entropy gradient
    ``dZ3 = A3 - Y``; backward with ``1/m``; plain SGD, updated in place.
    """
    W1, b1, W2, b2, W3, b3 = (p[k].copy() for k in ("W1", "b1", "W2", "b2", "W3", "b3"))
    m = X.shape[1]
    for _ in range(steps):
        Z1 = W1 @ X + b1
        A1 = np.maximum(Z1, 0)
        Z2 = W2 @ A1 + b2
        A2 = np.maximum(Z2, 0)
        Z3 = W3 @ A2 + b3
        A3 = 1 / (1 + np.exp(-Z3))
        dZ3 = A3 - Y
        dW3 = dZ3 @ A2.T / m
        db3 = dZ3.sum(axis=1, keepdims=True) / m
        dZ2 = (W3.T @ dZ3) * (Z2 > 0)
        dW2 = dZ2 @ A1.T / m
        db2 = dZ2.sum(axis=1, keepdims=True) / m
        dZ1 = (W2.T @ dZ2) * (Z1 > 0)
        dW1 = dZ1 @ X.T / m
        db1 = dZ1.sum(axis=1, keepdims=True) / m
        W1 -= lr * dW1
        b1 -= lr * db1
        W2 -= lr * dW2
        b2 -= lr * db2
        W3 -= lr * dW3
        b3 -= lr * db3
    return dict(W1=W1, b1=b1, W2=W2, b2=b2, W3=W3, b3=b3)


def nnlib_train(p, X, Y, steps, output="sigmoid"):
    """What ``train`` does per step: N steps in one call, recording only at the start and the end."""
    return train(p, X, Y, hidden="relu", output=output, lr=LR, steps=steps, record_every=steps)[0]


def nnlib_by_hand(p, X, Y, steps):
    """A step written with nnlib's public functions (each call validates its inputs) and SGD."""
    p = {k: v.copy() for k, v in p.items()}
    for _ in range(steps):
        _, cache = forward(p, X, hidden="relu", output="sigmoid")
        grads = backward(p, cache, Y)
        for k in p:
            p[k] -= LR * grads["d" + k]
    return p


def max_diff(p, q):
    return max(float(np.abs(p[k] - q[k]).max()) for k in p)


def torch_step_factory(p, X, Y, steps):
    """The same net and update in idiomatic PyTorch (CPU, float64); ``None`` if torch is absent."""
    try:
        import torch
    except ImportError:
        return None, None
    # One intra-op thread: a net this small gains nothing from more, and on a busy 2-core machine
    # torch's 2-thread pool waits for descheduled workers (measured: 20-40x slower steps). This is
    # torch's fastest setting here, so the comparison errs in torch's favour.
    torch.set_num_threads(1)
    layers = []
    for l in range(1, len(SMALL)):
        lin = torch.nn.Linear(SMALL[l - 1], SMALL[l], dtype=torch.float64)
        with torch.no_grad():  # nn.Linear's weight is (out, in) like W: copy nnlib's initial params
            lin.weight.copy_(torch.from_numpy(p[f"W{l}"]))
            lin.bias.copy_(torch.from_numpy(p[f"b{l}"][:, 0]))
        layers += [lin, torch.nn.ReLU()]
    model = torch.nn.Sequential(*layers[:-1])  # logits out; the sigmoid lives in the loss
    state0 = {k: v.clone() for k, v in model.state_dict().items()}
    Xt, Yt = torch.from_numpy(X.T.copy()), torch.from_numpy(Y.T.copy())  # torch is row-major: (m, n)
    loss_fn = torch.nn.BCEWithLogitsLoss()

    def run_torch():
        model.load_state_dict(state0)
        opt = torch.optim.SGD(model.parameters(), lr=LR)
        for _ in range(steps):
            opt.zero_grad()
            loss_fn(model(Xt), Yt).backward()
            opt.step()
        lins = [m for m in model if isinstance(m, torch.nn.Linear)]
        out = {}
        for l, lin in enumerate(lins, start=1):
            out[f"W{l}"] = lin.weight.detach().numpy().copy()
            out[f"b{l}"] = lin.bias.detach().numpy()[:, None].copy()
        return out

    return run_torch, f"torch {torch.__version__}, {torch.get_num_threads()} intra-op thread"


def small_net(results):
    rng = np.random.default_rng(0)
    X, Y = circles(M_SMALL, rng)
    p0 = init_params(SMALL, rng)
    steps, repeats = 500, 15
    ref = minimal_numpy(p0, X, Y, LR, steps)
    diff_train = max_diff(ref, nnlib_train(p0, X, Y, steps))
    diff_hand = max_diff(ref, nnlib_by_hand(p0, X, Y, steps))
    candidates = {
        "numpy": lambda: minimal_numpy(p0, X, Y, LR, steps),
        "train": lambda: nnlib_train(p0, X, Y, steps),
        "by_hand": lambda: nnlib_by_hand(p0, X, Y, steps),
    }
    run_torch, torch_desc = torch_step_factory(p0, X, Y, steps)
    if run_torch is not None:
        diff_torch = max_diff(ref, run_torch())
        candidates["torch"] = run_torch
    cpu = {}
    t = interleaved(candidates, repeats, cpu=cpu)
    us = {k: 1e6 * np.median(v) / steps for k, v in t.items()}
    cpu_ratio = {k: median_ratio(cpu, k, "numpy") for k in cpu}
    print(f"[2,16,16,1] on m={M_SMALL}, {steps} steps per call, median of {repeats} interleaved repeats:")
    print(f"  minimal numpy {us['numpy']:.1f} µs/step · nnlib train {us['train']:.1f} µs/step "
          f"(amortised: train(steps={steps}, record_every={steps}) / {steps}, so its one-off validation and "
          f"its 2 records are spread over {steps} steps) · nnlib forward+backward+SGD by hand "
          f"{us['by_hand']:.1f} µs/step (validates its inputs on every call)")
    print(f"  same maths check, max |Δparam| after {steps} steps vs minimal numpy: train {diff_train:.1e}, "
          f"by hand {diff_hand:.1e}" + (f", torch {diff_torch:.1e}" if run_torch else ""))
    print("  (ratios: median over repeats of wall-clock time; the CPU-time ratio, which other programs on the "
          "machine barely move, is given beside it)")
    results.append(check("nnlib train step / minimal numpy step", median_ratio(t, "train", "numpy"),
                         "x", "<=", 1.25, f"{us['train']:.0f} vs {us['numpy']:.0f} µs/step; "
                         f"CPU time {cpu_ratio['train']:.2f}x"))
    results.append(info("nnlib forward+backward+SGD by hand / minimal numpy", median_ratio(t, "by_hand", "numpy"),
                        "x", f"{us['by_hand']:.0f} µs/step, validates inputs per call; "
                        f"CPU {cpu_ratio['by_hand']:.2f}x"))
    if run_torch is None:
        print(f"  PyTorch is not installed: skipping the torch comparison; {TORCH_HINT}")
        results.append(Result("PyTorch step / nnlib train step", float("nan"), "x", ">= 5x", "SKIP",
                              "torch not installed"))
    else:
        print(f"  PyTorch ({torch_desc}) {us['torch']:.1f} µs/step")
        results.append(check("PyTorch step / nnlib train step", median_ratio(t, "torch", "train"), "x", ">=", 5,
                             f"{us['torch']:.0f} µs/step; CPU time {median_ratio(cpu, 'torch', 'train'):.2f}x"))
        results.append(info("  bound: PyTorch step / minimal numpy step", median_ratio(t, "torch", "numpy"), "x",
                            "nnlib's ratio if its step cost no more than the minimal one"))


def step_flops(sizes, m):
    """Matrix-multiply FLOPs of one step: forward W@A, backward dW = dZ A^T, and W^T dZ below layer 1."""
    macs = sum(sizes[l] * sizes[l - 1] for l in range(1, len(sizes)))  # one pass of W @ A, per example
    below = macs - sizes[1] * sizes[0]  # no W1^T dZ1: nothing to back-propagate into X
    return 2 * m * (2 * macs + below)


def big_net(results, threads=None):
    from threadpoolctl import threadpool_limits

    rng = np.random.default_rng(1)
    X = rng.standard_normal((BIG[0], M_BIG))
    Y = np.eye(BIG[-1])[:, rng.integers(0, BIG[-1], M_BIG)]
    p0 = init_params(BIG, rng)
    n = 1024
    A, B = rng.standard_normal((n, n)), rng.standard_normal((n, n))
    Ws = [p0[f"W{l}"] for l in range(1, len(BIG))]
    steps = 20 if threads is None else 10  # ~0.25 s per call on an idle machine
    mats = 4
    repeats = 7 if threads is None else 5

    def gemms_only():  # the step's own matrix products, nothing else (what the shapes allow)
        for _ in range(steps):
            acts = [X]
            for W in Ws:
                acts.append(W @ acts[-1])
            dZ = acts[-1]
            for l in range(len(Ws) - 1, -1, -1):
                _ = dZ @ acts[l].T
                if l:
                    dZ = Ws[l].T @ dZ

    candidates = {
        "matmul": lambda: [A @ B for _ in range(mats)],
        "train": lambda: nnlib_train(p0, X, Y, steps, output="softmax"),
        "gemms": gemms_only,
    }
    cpu = {}
    with threadpool_limits(limits=threads, user_api="blas"):
        t = interleaved(candidates, repeats, cpu=cpu)
    if threads == 1:  # one thread: the process's CPU time is the work itself, whatever else runs
        t = cpu
    flops = step_flops(BIG, M_BIG)
    rate = {"matmul": mats * 2 * n**3 / t["matmul"], "train": steps * flops / t["train"],
            "gemms": steps * flops / t["gemms"]}
    gflops = {k: np.median(v) / 1e9 for k, v in rate.items()}
    pct = 100 * float(np.median(rate["train"] / rate["matmul"]))
    pct_gemm = 100 * float(np.median(rate["gemms"] / rate["matmul"]))
    label = "" if threads is None else f", BLAS limited to {threads} thread, timed by CPU time"
    print(f"[784,512,512,10] on m={M_BIG}{label}: {flops / 1e9:.3f} GFLOP of matrix products per step; "
          f"median of {repeats} interleaved repeats of {steps} steps:")
    print(f"  {n}x{n} float64 matmul {gflops['matmul']:.1f} GFLOP/s · the step's matmuls alone "
          f"{gflops['gemms']:.1f} GFLOP/s · nnlib train {gflops['train']:.1f} GFLOP/s "
          f"({1e3 * np.median(t['train']) / steps:.2f} ms/step)")
    name = "nnlib [784,512,512,10] GFLOP/s / matmul GFLOP/s" + ("" if threads is None else f" ({threads} thread)")
    note = f"{gflops['train']:.1f} of {gflops['matmul']:.1f} GFLOP/s"
    if threads is None:
        results.append(check(name, pct, "%", ">=", 70, note))
    else:
        results.append(info(name, pct, "%", note + " (load-robust diagnostic)"))
    results.append(info("  same-shape matmuls alone / matmul" + ("" if threads is None else f" ({threads} thread)"),
                        pct_gemm, "%", "upper bound set by the shapes"))


def main():
    machine_header("train_step: nnlib training step vs numpy, PyTorch and the BLAS")
    results = []
    small_net(results)
    big_net(results)
    big_net(results, threads=1)
    print()
    print_table(results)
    return results


if __name__ == "__main__":
    raise SystemExit(run(main))
