"""An MLP with batch or layer normalisation before every hidden activation.

    Z[l] = W[l] A[l-1] + b[l],   N[l] = norm(Z[l]; γ[l], β[l]),   A[l] = g(N[l])     (l < L)
    Z[L] = W[L] A[L-1] + b[L]                                                       (output)

``norm`` is :func:`nnlib.normalization.batchnorm_forward` (each unit over the batch) or
:func:`~nnlib.normalization.layernorm_forward` (each example over the units). Because the
normalisation divides by the measured scale, multiplying any hidden ``W[l]`` by a constant
changes nothing downstream: the scale of the initialisation stops mattering for the forward
signal (though not for symmetry: identical units normalise to identical units).
"""

import numpy as np

from .activations import ACTIVATIONS, sigmoid
from .checks import check_input, check_labels, check_name, check_params
from .losses import OUTPUTS, cross_entropy, softmax
from .mlp import init_params as mlp_init_params
from .normalization import NORMS


def init_params(layer_sizes, rng, init="he_normal", stack=None, **hyper):
    """:func:`nnlib.mlp.init_params` plus ``gamma{l}`` = 1 and ``beta{l}`` = 0 of shape ([K,] n_l, 1), l < L."""
    params = mlp_init_params(layer_sizes, rng, init=init, stack=stack, **hyper)
    for l in range(1, len(layer_sizes) - 1):
        params[f"gamma{l}"] = np.ones_like(params[f"b{l}"])
        params[f"beta{l}"] = np.zeros_like(params[f"b{l}"])
    return params


def _split(params):
    """The plain MLP part (W, b) for nnlib's checks, and the depth."""
    plain = {k: v for k, v in params.items() if k[0] in "Wb" and k[1:].isdigit()}
    L, lead = check_params(plain)
    missing = [f"{p}{l}" for l in range(1, L) for p in ("gamma", "beta") if f"{p}{l}" not in params]
    if missing:
        raise ValueError(f"normnet params need gamma{{l}} and beta{{l}} for every hidden layer; missing {missing}")
    return L, lead


def forward(params, X, hidden="relu", output="sigmoid", norm="batch"):
    """Forward pass with ``norm`` in {"batch", "layer", None} after every hidden linear layer.

    Parameters
    ----------
    params : dict
        From :func:`init_params`.
    X : ndarray of shape ([K,] n_x, m)
    hidden : {"relu", "tanh", "sigmoid", "linear"}
    output : {"sigmoid", "softmax"}
    norm : {"batch", "layer"} or None
        None skips the normalisation (a plain MLP; gamma and beta unused).

    Returns
    -------
    AL : ndarray of shape ([K,] n_L, m)
    cache : dict
    """
    L, lead = _split(params)
    act = check_name(hidden, ACTIVATIONS, "hidden activation")
    check_name(output, dict.fromkeys(OUTPUTS), "output")
    if norm is not None:
        check_name(norm, NORMS, "norm")
    A = check_input(X, params, lead)
    cache = {"A0": A, "L": L, "hidden": hidden, "output": output, "norm": norm}
    for l in range(1, L):
        Z = params[f"W{l}"] @ A + params[f"b{l}"]
        if norm is None:
            N = Z
        else:
            N, cache[f"norm{l}"] = NORMS[norm][0](Z, params[f"gamma{l}"], params[f"beta{l}"])
        A = act.g(N)
        cache[f"N{l}"], cache[f"A{l}"] = N, A
    ZL = params[f"W{L}"] @ A + params[f"b{L}"]
    cache["ZL"] = ZL
    return (sigmoid(ZL) if output == "sigmoid" else softmax(ZL)), cache


def backward(params, cache, Y):
    """Gradients of the mean cross-entropy: ``"dW{l}"``, ``"db{l}"``, ``"dgamma{l}"``, ``"dbeta{l}"``."""
    L, g_prime, norm = cache["L"], ACTIVATIONS[cache["hidden"]].g_prime, cache["norm"]
    ZL = cache["ZL"]
    Y = check_labels(Y, cache["output"], ZL.shape[-2])
    m = ZL.shape[-1]
    dZ = ((sigmoid(ZL) if cache["output"] == "sigmoid" else softmax(ZL)) - Y) / m
    grads = {}
    for l in range(L, 0, -1):
        grads[f"dW{l}"] = dZ @ cache[f"A{l - 1}"].swapaxes(-1, -2)
        grads[f"db{l}"] = dZ.sum(axis=-1, keepdims=True)
        if l > 1:
            dN = (params[f"W{l}"].swapaxes(-1, -2) @ dZ) * g_prime(cache[f"N{l - 1}"])
            if norm is None:
                dZ = dN
                grads[f"dgamma{l - 1}"] = np.zeros_like(params[f"gamma{l - 1}"])
                grads[f"dbeta{l - 1}"] = np.zeros_like(params[f"beta{l - 1}"])
            else:
                dZ, grads[f"dgamma{l - 1}"], grads[f"dbeta{l - 1}"] = NORMS[norm][1](dN, cache[f"norm{l - 1}"])
    return grads


def loss(params, X, Y, hidden="relu", output="sigmoid", norm="batch"):
    """Mean cross-entropy from the logits: float, or shape (K,) when stacked."""
    _, cache = forward(params, X, hidden, output, norm)
    return cross_entropy(cache["ZL"], check_labels(Y, output, cache["ZL"].shape[-2]), output)


def loss_and_grads(params, X, Y, hidden="relu", output="sigmoid", norm="batch"):
    """``(loss, grads)`` from one forward and one backward pass."""
    _, cache = forward(params, X, hidden, output, norm)
    Y = check_labels(Y, output, cache["ZL"].shape[-2])
    return cross_entropy(cache["ZL"], Y, output), backward(params, cache, Y)
