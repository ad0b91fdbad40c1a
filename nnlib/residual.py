"""A residual MLP: blocks of two layers with an identity skip, forward and backward.

    H[0] = W_in X + b_in                                   (linear embedding to ``width``)
    Z[l] = Wa[l] H[l-1] + ba[l],  A[l] = g(Z[l])            (the branch's first layer)
    H[l] = H[l-1] + Wb[l] A[l] + bb[l]                      (second layer, plus the skip)
    Z_out = W_out H[B] + b_out                              (sigmoid or softmax output)

With He weights in both branch layers (ReLU), each block adds a branch of variance
``2·E[H²]`` to its input, so ``E[H[l]²] = 3·E[H[l-1]²]``: the signal grows as ``3^l``. Starting the
*last* layer of every branch at zero (``branch_end="zero"``; SkipInit, De & Smith 2020; ReZero,
Bachlechner et al. 2020; Fixup, Zhang et al. 2019) makes every block the identity at
initialisation, so the net starts as the shallow model ``W_out (W_in X)`` at any depth; the
zero weights still receive gradients ``dWb[l] = (1/m) dH[l] A[l]ᵀ`` and move in the first step.
``fixup=True`` also scales the branch's first layer by ``blocks^(-1/2)`` (Fixup's ``L^{-1/(2m-2)}``
with ``m = 2`` layers per branch).

Backward: ``dH[B] = W_outᵀ dZ_out``; per block ``dZ[l] = Wb[l]ᵀ dH[l] ⊙ g′(Z[l])`` and the skip
passes ``dH[l]`` straight through, ``dH[l-1] = dH[l] + Wa[l]ᵀ dZ[l]``. Stacked networks (leading
axes) work as everywhere in nnlib.
"""

import numpy as np

from .activations import ACTIVATIONS, sigmoid
from .checks import check_labels, check_name, check_positive, check_rng
from .initializers import get_initializer
from .losses import OUTPUTS, cross_entropy, softmax


def init_params(n_x, width, n_out, blocks, rng, init="he_normal", branch_end="init", fixup=False, stack=None):
    """Draw a residual MLP; biases start at zero.

    Parameters
    ----------
    n_x, width, n_out : int > 0
        Input features, width of the residual stream, output units.
    blocks : int >= 0
        Number of residual blocks (two weight layers each).
    rng : numpy.random.Generator
    init : str, default "he_normal"
        Initializer name (``nnlib.initializers.INITIALIZERS``) for every weight matrix.
    branch_end : {"init", "zero"}
        ``"zero"``: every block's second layer ``Wb[l]`` starts at 0, so each block is the identity.
    fixup : bool
        Scale each branch's first layer ``Wa[l]`` by ``blocks ** -0.5`` (Fixup).
    stack : int, optional
        Leading axis of independent networks.

    Returns
    -------
    params : dict
        ``"W_in"`` ([K,] width, n_x), ``"Wa1"``, ``"Wb1"`` ([K,] width, width), ..., ``"W_out"``
        ([K,] n_out, width) and the biases ``"b_in"``, ``"ba1"``, ``"bb1"``, ..., ``"b_out"`` ([K,] n, 1).
    """
    for name, v in (("n_x", n_x), ("width", width), ("n_out", n_out)):
        check_positive(v, f"residual.init_params: {name}", integer=True)
    check_positive(blocks, "residual.init_params: blocks", allow_zero=True, integer=True)
    check_rng(rng, "residual.init_params")
    if branch_end not in ("init", "zero"):
        raise ValueError(f"residual.init_params: branch_end must be 'init' or 'zero', got {branch_end!r}")
    lead = () if stack is None else (int(check_positive(stack, "stack", integer=True)),)
    draw = get_initializer(init)
    params = {"W_in": draw(lead + (width, n_x), rng), "b_in": np.zeros(lead + (width, 1))}
    for l in range(1, blocks + 1):
        Wa = draw(lead + (width, width), rng)
        params[f"Wa{l}"] = Wa * blocks ** -0.5 if fixup else Wa
        params[f"ba{l}"] = np.zeros(lead + (width, 1))
        Wb = draw(lead + (width, width), rng)
        params[f"Wb{l}"] = np.zeros_like(Wb) if branch_end == "zero" else Wb
        params[f"bb{l}"] = np.zeros(lead + (width, 1))
    params["W_out"] = draw(lead + (n_out, width), rng)
    params["b_out"] = np.zeros(lead + (n_out, 1))
    return params


def blocks_of(params):
    """Number of residual blocks in ``params`` (checks that the keys are complete)."""
    if not isinstance(params, dict):
        raise TypeError(f"params must be a dict from residual.init_params, got {type(params).__name__}")
    B = sum(1 for k in params if k.startswith("Wa") and k[2:].isdigit())
    per_block = ("Wa", "ba", "Wb", "bb")
    expected = {"W_in", "b_in", "W_out", "b_out"} | {f"{p}{l}" for l in range(1, B + 1) for p in per_block}
    if set(params) != expected:
        raise ValueError(f"residual params must have keys {sorted(expected)}; got {sorted(params)}")
    return B


def forward(params, X, hidden="relu", output="sigmoid"):
    """Forward pass.

    Parameters
    ----------
    params : dict
        From :func:`init_params`.
    X : ndarray of shape ([K,] n_x, m)
    hidden : {"relu", "tanh", "sigmoid", "linear"}
        Activation inside each branch.
    output : {"sigmoid", "softmax"}

    Returns
    -------
    AL : ndarray of shape ([K,] n_out, m)
    cache : dict
        ``"X"``, ``"H0"`` ... ``"HB"`` (the residual stream), ``"Z1"``, ``"A1"``, ... (branch
        pre-activations and activations), ``"Z_out"`` and the names.
    """
    B = blocks_of(params)
    act = check_name(hidden, ACTIVATIONS, "hidden activation")
    check_name(output, dict.fromkeys(OUTPUTS), "output")
    X = np.asarray(X, dtype=np.float64)
    if X.ndim < 2 or X.shape[-2] != np.shape(params["W_in"])[-1]:
        raise ValueError(f"X has shape {X.shape} but W_in {np.shape(params['W_in'])} expects "
                         f"{np.shape(params['W_in'])[-1]} features on axis -2")
    H = params["W_in"] @ X + params["b_in"]
    cache = {"X": X, "H0": H, "B": B, "hidden": hidden, "output": output}
    for l in range(1, B + 1):
        Z = params[f"Wa{l}"] @ H + params[f"ba{l}"]
        A = act.g(Z)
        H = H + params[f"Wb{l}"] @ A + params[f"bb{l}"]
        cache[f"Z{l}"], cache[f"A{l}"], cache[f"H{l}"] = Z, A, H
    Z_out = params["W_out"] @ H + params["b_out"]
    cache["Z_out"] = Z_out
    return (sigmoid(Z_out) if output == "sigmoid" else softmax(Z_out)), cache


def backward(params, cache, Y):
    """Gradients of :func:`loss` (mean cross-entropy over the ``m`` examples).

    Parameters
    ----------
    params : dict
    cache : dict
        From :func:`forward`.
    Y : ndarray of shape ([K,] n_out, m)

    Returns
    -------
    grads : dict
        ``"d" + key`` for every key of ``params``, with its shape.
    """
    B, g_prime = cache["B"], ACTIVATIONS[cache["hidden"]].g_prime
    Z_out = cache["Z_out"]
    Y = check_labels(Y, cache["output"], Z_out.shape[-2])
    m = Z_out.shape[-1]
    AL = sigmoid(Z_out) if cache["output"] == "sigmoid" else softmax(Z_out)
    dZ = (AL - Y) / m  # the 1/m of the mean, once here
    tr = lambda M: M.swapaxes(-1, -2)  # noqa: E731
    grads = {"dW_out": dZ @ tr(cache[f"H{B}"]), "db_out": dZ.sum(axis=-1, keepdims=True)}
    dH = tr(params["W_out"]) @ dZ
    for l in range(B, 0, -1):
        grads[f"dWb{l}"] = dH @ tr(cache[f"A{l}"])
        grads[f"dbb{l}"] = dH.sum(axis=-1, keepdims=True)
        dZl = (tr(params[f"Wb{l}"]) @ dH) * g_prime(cache[f"Z{l}"])
        grads[f"dWa{l}"] = dZl @ tr(cache[f"H{l - 1}"])
        grads[f"dba{l}"] = dZl.sum(axis=-1, keepdims=True)
        dH = dH + tr(params[f"Wa{l}"]) @ dZl  # the skip passes dH through unchanged
    X = cache["X"]
    grads["dW_in"] = dH @ tr(X)
    grads["db_in"] = dH.sum(axis=-1, keepdims=True)
    return grads


def loss(params, X, Y, hidden="relu", output="sigmoid"):
    """Mean cross-entropy, computed stably from the logits: float, or shape (K,) when stacked."""
    _, cache = forward(params, X, hidden, output)
    Y = check_labels(Y, output, cache["Z_out"].shape[-2])
    return cross_entropy(cache["Z_out"], Y, output)


def loss_and_grads(params, X, Y, hidden="relu", output="sigmoid"):
    """``(loss, grads)`` from one forward and one backward pass (for :func:`nnlib.descent.gradient_descent`)."""
    _, cache = forward(params, X, hidden, output)
    Y = check_labels(Y, output, cache["Z_out"].shape[-2])
    return cross_entropy(cache["Z_out"], Y, output), backward(params, cache, Y)


def stream_rms(params, X, hidden="relu"):
    """Root-mean-square of the residual stream ``H[l]`` for ``l = 0 .. B``: shape ([K,] B+1)."""
    _, cache = forward(params, X, hidden)
    return np.stack([np.sqrt((cache[f"H{l}"] ** 2).mean(axis=(-2, -1))) for l in range(cache["B"] + 1)], axis=-1)
