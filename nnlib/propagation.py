"""How a signal's size travels through a deep stack of layers, forward and backward.

The variance-propagation argument behind LeCun, Xavier and He initialisation: with independent,
zero-mean weights of variance ``Var(w)`` and a layer of ``fan_in = n_{l-1}`` inputs,

    Var(z_l) = n_{l-1} · Var(w) · E[a_{l-1}²]            (forward)
    Var(dA_{l-1}) = n_l · Var(w) · E[g'(z_l)² ] Var(dA_l)  (backward)

These functions *measure* those quantities so a lesson can set the prediction next to the
measurement. Here every layer applies the same activation ``hidden`` (a deep stack with no
output layer), and everything works on stacked networks: arrays may carry leading axes ``K``.
Stacked products are plain ``@``, as in :mod:`nnlib.mlp`: numpy's ``matmul`` calls the BLAS for
every matrix of a stack, as fast as a Python loop over it and with the same bits
(``benchmarks/README.md``).
"""

import numpy as np

from .activations import get_activation
from .checks import check_input, check_params, check_rng


def propagate(params, X, hidden):
    """Forward pass through every layer with the same activation (no output layer).

    Parameters
    ----------
    params : dict of ndarray
        ``W[l]`` of shape ([K,] n_l, n_{l-1}), ``b[l]`` of shape ([K,] n_l, 1), ``l = 1 .. L``.
    X : ndarray of shape ([K,] n_x, m)
    hidden : {"relu", "tanh", "sigmoid", "linear"}

    Returns
    -------
    Zs, As : list of L ndarrays of shape ([K,] n_l, m)
        Pre-activations ``Z[l]`` and activations ``A[l] = g(Z[l])``.
    """
    L, lead = check_params(params)
    act = get_activation(hidden, "hidden activation")
    A = check_input(X, params, lead)
    Zs, As = [], []
    for l in range(1, L + 1):
        Z = params[f"W{l}"] @ A + params[f"b{l}"]
        A = act.g(Z)
        Zs.append(Z)
        As.append(A)
    return Zs, As


def signal_profile(params, X, hidden):
    """Per-layer size of the forward signal.

    Parameters
    ----------
    params : dict of ndarray
        As for :func:`propagate`.
    X : ndarray of shape ([K,] n_x, m)
    hidden : {"relu", "tanh", "sigmoid", "linear"}

    Returns
    -------
    profile : dict of str -> ndarray of shape ([K,] L)
        ``"var_z"``: variance of ``Z[l]`` over units and examples; ``"mean_sq_a"``: ``E[A[l]²]``;
        ``"std_a"``: standard deviation of ``A[l]``.
        Pooled statistics can hide a collapse of every example onto one point, so two more:
        ``"unit_var_z"``: :func:`unit_variance` of ``Z[l]`` (each unit's variance across the
        examples, averaged over units); ``"corr_z"``: :func:`example_correlation` of ``Z[l]``.
    """
    Zs, As = propagate(params, X, hidden)
    axes = (-2, -1)
    with np.errstate(over="ignore", invalid="ignore"):
        return {
            "var_z": np.stack([Z.var(axis=axes) for Z in Zs], axis=-1),
            "mean_sq_a": np.stack([(A * A).mean(axis=axes) for A in As], axis=-1),
            "std_a": np.stack([A.std(axis=axes) for A in As], axis=-1),
            "unit_var_z": np.stack([unit_variance(Z) for Z in Zs], axis=-1),
            "corr_z": np.stack([example_correlation(Z) for Z in Zs], axis=-1),
        }


def unit_variance(Z):
    """Each unit's variance across the examples, averaged over the units.

    The pooled variance splits exactly into this within-unit part and the spread of the units'
    means: ``Z.var() = unit_variance(Z) + Z.mean(axis=-1).var()``. A pooled variance of 1 with
    ``unit_variance ≈ 0`` means every example produces the same vector: the layer forgot its input.

    Parameters
    ----------
    Z : ndarray of shape ([K,] n, m)
        ``n`` units, ``m`` examples.

    Returns
    -------
    unit_var : float or ndarray of shape ([K,])
    """
    Z = np.asarray(Z, dtype=np.float64)
    if Z.ndim < 2 or Z.shape[-1] < 2:
        raise ValueError(f"unit_variance: Z must have shape ([K,] n, m) with m >= 2 examples, got {Z.shape}")
    return Z.var(axis=-1).mean(axis=-1)


def example_correlation(Z):
    """Mean correlation between distinct examples: the cosine of the angle between columns.

    ``c_ab = z_a · z_b / (‖z_a‖ ‖z_b‖)`` averaged over the ``m (m − 1)`` ordered pairs ``a ≠ b``,
    uncentred as in mean-field theory (:mod:`nnlib.meanfield`, where it is the ``c`` of
    ``c_map``). 1 means all examples point the same way; 0, on average orthogonal.

    Parameters
    ----------
    Z : ndarray of shape ([K,] n, m)

    Returns
    -------
    corr : float or ndarray of shape ([K,]); ``nan`` if an example's vector is exactly 0.
    """
    Z = np.asarray(Z, dtype=np.float64)
    if Z.ndim < 2 or Z.shape[-1] < 2:
        raise ValueError(f"example_correlation: Z must have shape ([K,] n, m) with m >= 2 examples, got {Z.shape}")
    m = Z.shape[-1]
    with np.errstate(invalid="ignore", divide="ignore"):
        U = Z / np.linalg.norm(Z, axis=-2, keepdims=True)
        total = U.sum(axis=-1)  # Σ_a u_a; its squared norm is the sum of all m² cosines
    return ((total * total).sum(axis=-1) - m) / (m * (m - 1))


def gradient_profile(params, X, hidden, rng):
    """Back-propagate a unit-variance random gradient from the top layer and measure it per layer.

    The top layer's ``dA[L]`` is standard normal (a stand-in for the loss gradient), then
    ``dZ[l] = dA[l] ⊙ g'(Z[l])``, ``dA[l-1] = W[l]ᵀ dZ[l]``, ``dW[l] = (1/m) dZ[l] A[l-1]ᵀ``.

    Parameters
    ----------
    params : dict of ndarray
        As for :func:`propagate`.
    X : ndarray of shape ([K,] n_x, m)
    hidden : {"relu", "tanh", "sigmoid", "linear"}
    rng : numpy.random.Generator
        Draws the top-layer gradient.

    Returns
    -------
    profile : dict of str -> ndarray of shape ([K,] L)
        ``"dZ_rms"``: root-mean-square of ``dZ[l]``; ``"dW_rms"``: root-mean-square of ``dW[l]``.
    """
    check_rng(rng, "gradient_profile")
    Zs, As = propagate(params, X, hidden)
    act = get_activation(hidden, "hidden activation")
    L = len(Zs)
    A0 = np.asarray(X, dtype=np.float64)
    m = A0.shape[-1]
    dA = rng.standard_normal(Zs[-1].shape)
    dZ_rms, dW_rms = [None] * L, [None] * L
    for l in range(L, 0, -1):
        dZ = dA * act.g_prime(Zs[l - 1])
        A_prev = As[l - 2] if l > 1 else A0
        dW = dZ @ A_prev.swapaxes(-1, -2) / m
        dZ_rms[l - 1] = np.sqrt((dZ * dZ).mean(axis=(-2, -1)))
        dW_rms[l - 1] = np.sqrt((dW * dW).mean(axis=(-2, -1)))
        dA = params[f"W{l}"].swapaxes(-1, -2) @ dZ
    return {"dZ_rms": np.stack(dZ_rms, axis=-1), "dW_rms": np.stack(dW_rms, axis=-1)}


def product_singular_values(weights):
    """Singular values of the running products ``W[l] ⋯ W[2] W[1]`` for ``l = 1 .. L``.

    A deep *linear* network computes exactly this product, so its singular values say how much
    each input direction is stretched or squashed after ``l`` layers (Saxe et al. 2014).

    Parameters
    ----------
    weights : list of L ndarrays of shape ([K,] n, n)
        Square matrices (equal widths).

    Returns
    -------
    singular_values : ndarray of shape (L, [K,] n)
        Row ``l-1`` holds the singular values (descending) of the product of the first ``l``.
    """
    if len(weights) == 0:
        raise ValueError("weights must be a non-empty list of square matrices")
    P = None
    out = []
    for l, W in enumerate(weights, start=1):
        W = np.asarray(W, dtype=np.float64)
        if W.ndim < 2 or W.shape[-1] != W.shape[-2]:
            raise ValueError(f"weights[{l - 1}] (layer {l}) must be square (..., n, n), got shape {W.shape}")
        P = W if P is None else W @ P
        out.append(np.linalg.svd(P, compute_uv=False))
    return np.stack(out)
