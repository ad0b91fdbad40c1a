"""Batch and layer normalisation: forward/backward pairs with a cache, in the course's column-major layout.

``Z`` has shape ``(..., n, m)``: ``n`` units, ``m`` examples, any leading axes for stacked networks.

* **Batch norm** (Ioffe & Szegedy 2015) normalises each *unit* over the ``m`` examples (axis −1):
  ``μ = mean_m Z``, ``σ² = mean_m (Z − μ)²`` (biased), ``Ẑ = (Z − μ)/√(σ² + ε)``.
* **Layer norm** (Ba, Kiros & Hinton 2016) normalises each *example* over the ``n`` units (axis −2).

Both then scale and shift per unit: ``out = γ ⊙ Ẑ + β`` with ``γ, β`` of shape ``([K,] n, 1)``.
The backward pass is the classic compact form: with ``dẐ = γ ⊙ dout`` and ``N`` the number of
entries averaged over,

    dZ = (1/N) / √(σ² + ε) · (N dẐ − Σ dẐ − Ẑ ⊙ Σ (dẐ ⊙ Ẑ)),

the sums running over the normalised axis. ``dγ = Σ dout ⊙ Ẑ`` and ``dβ = Σ dout`` are summed
over the examples (and over any axes that ``γ`` was broadcast along).
"""

import numpy as np

from .checks import as_float_array, check_positive


def _array(x, name, where, expected):
    """float64 array with at least 2 axes (units, examples / 1); the message shows the expected shape."""
    if np.ndim(x) < 2:
        raise ValueError(f"{where}: {name} has shape {np.shape(x)}; expected {expected}")
    return as_float_array(x, f"{where}: {name}", ndims=(np.ndim(x),))


def _check(Z, gamma, beta, eps, where):
    Z = _array(Z, "Z", where, "([K,] n, m): units on axis -2, examples on axis -1")
    n = Z.shape[-2]
    gamma = _array(gamma, "gamma", where, f"([K,] {n}, 1), one value per unit")
    beta = _array(beta, "beta", where, f"([K,] {n}, 1), one value per unit")
    for name, p in (("gamma", gamma), ("beta", beta)):
        if p.shape[-2:] != (n, 1):
            raise ValueError(f"{where}: {name} has shape {p.shape} but Z has shape {Z.shape}; "
                             f"expected {name} of shape ([K,] {n}, 1), one value per unit")
        try:
            np.broadcast_shapes(p.shape, Z.shape)
        except ValueError as err:
            raise ValueError(f"{where}: {name} of shape {p.shape} does not broadcast against Z {Z.shape}") from err
    check_positive(eps, f"{where}: eps")
    return Z, gamma, beta


def _sum_to(x, shape):
    """Sum ``x`` over the axes that were broadcast to reach it from ``shape``."""
    lead = x.ndim - len(shape)
    x = x.sum(axis=tuple(range(lead))) if lead > 0 else x
    axes = tuple(i for i, s in enumerate(shape) if s == 1 and x.shape[i] != 1)
    return x.sum(axis=axes, keepdims=True) if axes else x


def _forward(Z, gamma, beta, eps, axis):
    mu = Z.mean(axis=axis, keepdims=True)
    var = Z.var(axis=axis, keepdims=True)  # biased (divides by N), as both papers and frameworks do
    inv_std = 1.0 / np.sqrt(var + eps)
    Zhat = (Z - mu) * inv_std
    out = gamma * Zhat + beta
    cache = {"Zhat": Zhat, "inv_std": inv_std, "gamma": gamma, "axis": axis, "beta_shape": beta.shape}
    return out, cache


def _backward(dout, cache, where):
    Zhat, inv_std, gamma, axis = cache["Zhat"], cache["inv_std"], cache["gamma"], cache["axis"]
    dout = _array(dout, "dout", where, f"{Zhat.shape}, the shape of the forward output")
    if dout.shape != Zhat.shape:
        raise ValueError(f"{where}: dout has shape {dout.shape} but the forward output had shape {Zhat.shape}")
    N = Zhat.shape[axis]
    dZhat = dout * gamma
    dZ = inv_std / N * (N * dZhat - dZhat.sum(axis=axis, keepdims=True)
                        - Zhat * (dZhat * Zhat).sum(axis=axis, keepdims=True))
    dgamma = _sum_to(dout * Zhat, gamma.shape)
    dbeta = _sum_to(dout, cache["beta_shape"])
    return dZ, dgamma, dbeta


def batchnorm_forward(Z, gamma, beta, eps=1e-5):
    """Normalise each unit over the ``m`` examples (axis −1), then scale by ``gamma`` and shift by ``beta``.

    Training-mode batch norm: the statistics are the batch's own (no running averages).

    Parameters
    ----------
    Z : ndarray of shape ([K,] n, m)
        Pre-activations of a layer.
    gamma, beta : ndarray of shape ([K,] n, 1)
        Per-unit scale and shift (``gamma = 1``, ``beta = 0`` to start with).
    eps : float > 0, default 1e-5
        Added to the variance (PyTorch's default), so constant units do not divide by zero.

    Returns
    -------
    out : ndarray of shape ([K,] n, m)
        ``gamma ⊙ (Z − μ)/√(σ² + eps) + beta``, each unit with mean ``beta`` and std ≈ ``|gamma|``.
    cache : dict
        What :func:`batchnorm_backward` needs.
    """
    Z, gamma, beta = _check(Z, gamma, beta, eps, "batchnorm_forward")
    return _forward(Z, gamma, beta, eps, axis=-1)


def batchnorm_backward(dout, cache):
    """Gradients of batch norm.

    Parameters
    ----------
    dout : ndarray of shape ([K,] n, m)
        Gradient of the loss with respect to the output.
    cache : dict
        From :func:`batchnorm_forward`.

    Returns
    -------
    dZ : ndarray of shape ([K,] n, m)
    dgamma, dbeta : ndarray of the shapes of ``gamma`` and ``beta``
    """
    return _backward(dout, cache, "batchnorm_backward")


def layernorm_forward(Z, gamma, beta, eps=1e-5):
    """Normalise each example over the ``n`` units (axis −2), then scale and shift per unit.

    Parameters
    ----------
    Z : ndarray of shape ([K,] n, m)
    gamma, beta : ndarray of shape ([K,] n, 1)
    eps : float > 0, default 1e-5

    Returns
    -------
    out : ndarray of shape ([K,] n, m)
        Each column has mean 0 and std ≈ 1 before ``gamma`` and ``beta`` are applied.
    cache : dict
        What :func:`layernorm_backward` needs.
    """
    Z, gamma, beta = _check(Z, gamma, beta, eps, "layernorm_forward")
    return _forward(Z, gamma, beta, eps, axis=-2)


def layernorm_backward(dout, cache):
    """Gradients of layer norm: ``(dZ, dgamma, dbeta)`` with the shapes of ``Z``, ``gamma``, ``beta``.

    Parameters
    ----------
    dout : ndarray of shape ([K,] n, m)
    cache : dict
        From :func:`layernorm_forward`.
    """
    return _backward(dout, cache, "layernorm_backward")


NORMS = {"batch": (batchnorm_forward, batchnorm_backward), "layer": (layernorm_forward, layernorm_backward)}
