"""Training K stacked networks in one call vs K separate calls, and vs PyTorch's ensemble routes.

64 independently initialised [2,16,16,1] ReLU/sigmoid networks on the same 400 points of
``circles``, 500 full-batch steps with ``train``'s default recording (loss and accuracy at every
step), either as one stacked call (every parameter has a leading axis of 64) or as 64 calls on the
slices. Both must give the same parameters and histories: the maximum absolute difference is printed.
The goal (issue 12) is ≥ 2.5× by CPU time; COURSE_DESIGN.md §7 posed ≥ 8× (see benchmarks/README.md).

When torch is installed, the same 64 networks are also trained with PyTorch's two ways of training an
ensemble — batched matrix products with autograd (``torch.matmul`` on (64, n, m) tensors, one
``backward`` of the summed losses) and ``torch.func.vmap`` over 64 copies of an ``nn.Sequential``
(``functional_call`` + ``grad_and_value``, the model-ensembling recipe of the torch.func docs) —
recording loss and accuracy every step as nnlib does, float64, all on ONE thread (numpy's BLAS via
threadpoolctl, torch's intra-op pool): the comparison nnlib should keep winning.

Context: how much faster stacking could be if everything but the stacked matrix products were free,
and the same comparison for 64 × [2,4,1] on 50 points (little work per network).

Every ratio is a median over interleaved repeats of per-repeat CPU-time ratios (the process's CPU
time barely moves when other programs share the cores, unlike the wall clock), with its range.

Run: ``python benchmarks/stacked.py`` (or ``make bench`` for every benchmark).
"""

import numpy as np
from _bench import TORCH_HINT, Result, check, info, interleaved, machine_header, print_table, run
from threadpoolctl import threadpool_limits

from nnlib.data import circles
from nnlib.mlp import forward, init_params
from nnlib.stacking import stack_parts
from nnlib.train import train

K = 64
SIZES = [2, 16, 16, 1]
M = 400
STEPS = 500
LR = 0.1
TORCH_STEPS = 100


def stacked(P, X, Y, steps=STEPS):
    return train(P, X, Y, lr=LR, steps=steps)


def separate(P, X, Y):
    runs = [train({k: v[i] for k, v in P.items()}, X, Y, lr=LR, steps=STEPS) for i in range(K)]
    params = {k: np.stack([p[k] for p, _ in runs]) for k in P}
    return params, np.stack([h.loss for _, h in runs], axis=-1), np.stack([h.accuracy for _, h in runs], axis=-1)


def products_only(P, X, steps):
    """The stacked step's matrix products alone, ``steps`` times: what the BLAS needs at the very least.

    Forward ``W @ A`` for 3 layers, ``dW = dZ A^T`` for 3 layers and ``W^T dZ`` for 2, on the
    stacked shapes (the pre-activations stand in for ``dZ``: the values do not change the time);
    below the one-unit output layer ``W^T dZ`` is the outer product nnlib computes
    (``nnlib.backprop.backward_fast``), not a matrix product with an inner dimension of 1.
    """
    _, cache = forward(P, X, hidden="relu", output="sigmoid")
    L = len(SIZES) - 1
    for _ in range(steps):
        for l in range(1, L + 1):
            _ = P[f"W{l}"] @ cache[f"A{l - 1}"]
            _ = cache[f"Z{l}"] @ cache[f"A{l - 1}"].swapaxes(-1, -2)
            if l > 1:
                W = P[f"W{l}"].swapaxes(-1, -2)
                _ = W * cache[f"Z{l}"] if W.shape[-1] == 1 else W @ cache[f"Z{l}"]


def torch_routes(P, X, Y, steps):
    """PyTorch's two ensemble routes for the same networks; ``None`` when torch is not installed.

    Returns a dict name -> callable returning ``(params, losses)`` in nnlib's layout, and a description.
    """
    try:
        import torch
        from torch.func import functional_call, grad_and_value, vmap
    except ImportError:
        return None, None
    torch.set_num_threads(1)  # one intra-op thread, as numpy's BLAS in this comparison
    F = torch.nn.functional
    L = len(SIZES) - 1

    def batched():
        """(64, n, m) tensors, torch.matmul + autograd; one backward of the summed per-network losses."""
        Ws = [torch.tensor(P[f"W{l}"], requires_grad=True) for l in range(1, L + 1)]
        bs = [torch.tensor(P[f"b{l}"], requires_grad=True) for l in range(1, L + 1)]
        Xt, Yt = torch.from_numpy(X), torch.from_numpy(Y)
        losses, accuracies = [], []
        for _ in range(steps):
            A = Xt
            for l in range(L):
                Z = torch.matmul(Ws[l], A) + bs[l]
                A = torch.relu(Z) if l < L - 1 else Z
            per_net = F.binary_cross_entropy_with_logits(Z, Yt.expand_as(Z), reduction="none").mean(dim=(-2, -1))
            per_net.sum().backward()  # each network's gradient is that of its own mean loss
            with torch.no_grad():
                losses.append(per_net.detach())
                accuracies.append(((Z > 0) == (Yt > 0.5)).double().mean(dim=(-2, -1)))
                for p in (*Ws, *bs):
                    p -= LR * p.grad
                    p.grad = None
        params = {f"W{l + 1}": Ws[l].detach().numpy() for l in range(L)}
        params |= {f"b{l + 1}": bs[l].detach().numpy() for l in range(L)}
        return params, torch.stack(losses).numpy()

    layers = []
    for l in range(1, L + 1):
        layers += [torch.nn.Linear(SIZES[l - 1], SIZES[l], dtype=torch.float64), torch.nn.ReLU()]
    base = torch.nn.Sequential(*layers[:-1]).to("meta")  # the architecture only; weights come stacked
    names = [str(2 * (l - 1)) for l in range(1, L + 1)]  # Sequential indices of the Linear layers

    def vmapped():
        """torch.func.vmap over 64 models: functional_call + grad_and_value on stacked parameters."""
        params = {}
        for l, name in enumerate(names, start=1):
            params[f"{name}.weight"] = torch.tensor(P[f"W{l}"])
            params[f"{name}.bias"] = torch.tensor(P[f"b{l}"][..., 0])
        Xt, Yt = torch.from_numpy(X.T.copy()), torch.from_numpy(Y.T.copy())  # torch is row-major: (m, n)

        def loss(p, X, Y):
            logits = functional_call(base, p, (X,))
            return F.binary_cross_entropy_with_logits(logits, Y), ((logits > 0) == (Y > 0.5)).double().mean()

        step = vmap(grad_and_value(loss, has_aux=True), in_dims=(0, None, None))
        losses, accuracies = [], []
        for _ in range(steps):
            grads, (value, acc) = step(params, Xt, Yt)
            params = {k: v - LR * grads[k] for k, v in params.items()}
            losses.append(value)
            accuracies.append(acc)
        out = {}
        for l, name in enumerate(names, start=1):
            out[f"W{l}"] = params[f"{name}.weight"].numpy()
            out[f"b{l}"] = params[f"{name}.bias"].numpy()[..., None]
        return out, torch.stack(losses).numpy()

    return {"torch batched + autograd": batched, "torch.func.vmap": vmapped}, f"torch {torch.__version__}"


def spread(values):
    return f"{np.min(values):.2f}–{np.max(values):.2f}x"


def main():
    machine_header(f"stacked: {K} networks in one train() call vs {K} calls, and vs PyTorch's ensemble routes")
    rng = np.random.default_rng(0)
    X, Y = circles(M, rng)
    P = init_params(SIZES, rng, stack=K)
    parts = stack_parts(P, M)

    repeats, out, cpu = 3, {}, {}  # no warm-up round: each call is seconds long, and its results are checked
    few = STEPS // 10
    t = interleaved({"separate": lambda: separate(P, X, Y), "stacked": lambda: stacked(P, X, Y),
                     "products": lambda: products_only(P, X, few)}, repeats, warmup=0, outputs=out, cpu=cpu)
    t["products"] = t["products"] * (STEPS / few)
    cpu["products"] = cpu["products"] * (STEPS / few)
    (p_one, h_one), (p_sep, loss_sep, acc_sep) = out["stacked"], out["separate"]
    diff = max(float(np.abs(p_one[k] - p_sep[k]).max()) for k in P)
    diff_loss = float(np.abs(h_one.loss - loss_sep).max())
    same_acc = bool(np.array_equal(h_one.accuracy, acc_sep))
    ratios = cpu["separate"] / cpu["stacked"]
    speedup = float(np.median(ratios))
    wall = float(np.median(t["separate"] / t["stacked"]))
    sec = {k: float(np.median(v)) for k, v in cpu.items()}
    print(f"{K} x {SIZES} on m={M}, {STEPS} steps, lr={LR}, loss/accuracy recorded every step; "
          f"CPU time, median of {repeats} interleaved repeats (train splits the stack into {len(parts)} "
          f"part(s) of {parts[0].stop - parts[0].start if parts[0] is not None else K} networks):")
    per = {k: 1e6 * v / (K * STEPS) for k, v in sec.items()}
    print(f"  {K} separate calls {sec['separate']:.2f} s ({per['separate']:.0f} µs per network-step)"
          f" · one stacked call {sec['stacked']:.2f} s ({per['stacked']:.1f} µs per network-step)")
    print(f"  separate / stacked: CPU time {speedup:.2f}x (repeats {spread(ratios)}), wall clock {wall:.2f}x")
    bound = float(np.median(cpu["separate"] / cpu["products"]))
    print(f"  the stacked matrix products alone take {sec['products']:.2f} s for {STEPS} steps "
          f"({100 * sec['products'] / sec['stacked']:.0f} % of the stacked call): even if everything else were free, "
          f"stacking could be at most {bound:.1f}x faster")
    print(f"  results equal? max |Δparam| = {diff:.1e}, max |Δloss| = {diff_loss:.1e}, "
          f"accuracy histories identical: {same_acc}")
    results = [
        check(f"{K} separate calls / one stacked call (CPU time)", speedup, "x", ">=", 2.5,
              f"{sec['separate']:.2f} s vs {sec['stacked']:.2f} s; repeats {spread(ratios)}; wall {wall:.2f}x"),
        info("  bound: separate / stacked matrix products alone", bound, "x", "if all but the BLAS were free"),
        info("max |Δparam| stacked vs separate", diff, "", "should be ~1e-12 or exactly 0"),
    ]

    routes, desc = torch_routes(P, X, Y, TORCH_STEPS)
    if routes is None:
        print(f"  PyTorch is not installed: skipping the ensemble comparison; {TORCH_HINT}")
        results.append(Result("torch ensemble routes / nnlib stacked", float("nan"), "x", ">= 1x", "SKIP",
                              "torch not installed"))
    else:
        with threadpool_limits(limits=1, user_api="blas"):
            ref, hist = stacked(P, X, Y, TORCH_STEPS)
            diffs = {}
            for name, route in routes.items():
                params, losses = route()
                diffs[name] = max(float(np.abs(ref[k] - params[k]).max()) for k in ref)
                diffs[name] = max(diffs[name], float(np.abs(hist.loss[:-1] - losses).max()))
            cpu_t = {}
            interleaved({"nnlib": lambda: stacked(P, X, Y, TORCH_STEPS), **routes}, 5, cpu=cpu_t)
        ms = {k: 1e3 * float(np.median(v)) / TORCH_STEPS for k, v in cpu_t.items()}
        print(f"{K} x {SIZES} on m={M}, {TORCH_STEPS} steps, everything on 1 thread ({desc}); CPU time per step, "
              "median of 5 interleaved repeats:")
        print("  nnlib stacked train " + f"{ms['nnlib']:.2f} ms · "
              + " · ".join(f"{name} {ms[name]:.2f} ms (max |Δ| vs nnlib {diffs[name]:.0e})" for name in routes))
        for name in routes:
            r = cpu_t[name] / cpu_t["nnlib"]
            results.append(check(f"{name} / nnlib stacked (1 thread, CPU time)", float(np.median(r)), "x", ">=", 1,
                                 f"{ms[name]:.2f} vs {ms['nnlib']:.2f} ms/step; repeats {spread(r)}"))

    # Context, not the goal: the same comparison with little work per network, where a step is
    # mostly per-call overhead — the case stacking is made for.
    Xs, Ys = circles(50, rng)
    Ps = init_params([2, 4, 1], rng, stack=K)
    cpu_small = {}
    interleaved({"separate": lambda: separate(Ps, Xs, Ys), "stacked": lambda: stacked(Ps, Xs, Ys)}, 3, cpu=cpu_small)
    small = float(np.median(cpu_small["separate"] / cpu_small["stacked"]))
    print(f"  context: {K} x [2, 4, 1] on m=50, same settings: {K} separate calls / one stacked call = {small:.1f}x")
    results.append(info(f"  context: {K} x [2,4,1] on m=50, separate / stacked", small, "x",
                        "little work per network: stacking removes per-call overhead"))
    print()
    print_table(results)
    return results


if __name__ == "__main__":
    raise SystemExit(run(main))
