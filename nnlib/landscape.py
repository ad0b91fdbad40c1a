"""Where has training stopped? Gradient norm and Hessian spectrum of the loss at one network.

A run that has stopped improving is either *slow* (the gradient is not small), at a *saddle*
(gradient ≈ 0, the Hessian has a clearly negative eigenvalue) or at a *local minimum* (gradient
≈ 0, no negative eigenvalue beyond round-off). The Hessian is built from centred differences of
the exact back-propagated gradient, all 2P perturbed copies of the network evaluated as one stack.
"""

import numpy as np

from .alignment import flat
from .checks import check_params, check_positive
from .mlp import backward, forward


def _unflat(vectors, like):
    # vectors (K, P) -> stacked params dict shaped like the unstacked ``like``
    out, pos = {}, 0
    L, _ = check_params(like)
    for l in range(1, L + 1):
        for k in "Wb":
            shape = np.shape(like[f"{k}{l}"])
            size = int(np.prod(shape))
            out[f"{k}{l}"] = vectors[:, pos:pos + size].reshape((len(vectors),) + shape)
            pos += size
    return out


def flat_grad(params, X, Y, hidden="relu", output="sigmoid"):
    """Gradient of the loss of one network as one vector (order of :func:`nnlib.alignment.flat`): (P,)."""
    _, cache = forward(params, X, hidden, output)
    grads = backward(params, cache, Y)
    return flat({k[1:]: v for k, v in grads.items()})


def hessian(params, X, Y, hidden="relu", output="sigmoid", h=1e-5):
    """Hessian of the loss at one network, by centred differences of the exact gradient.

    Parameters
    ----------
    params : dict of ndarray
        One unstacked network with P parameters.
    X : ndarray of shape (n_x, m)
    Y : ndarray of shape (n_L, m)
    hidden, output : str
    h : float > 0
        Step of the differences (error O(h²) plus round-off O(ε/h)).

    Returns
    -------
    H : ndarray of shape (P, P)
        Symmetrised: (H + Hᵀ)/2.
    """
    check_positive(h, "hessian: h")
    L, lead = check_params(params)
    if lead:
        raise ValueError(f"hessian takes one unstacked network, got leading axes {lead}")
    theta = flat(params)
    P = theta.size
    steps = np.concatenate([np.eye(P), -np.eye(P)]) * h                    # (2P, P)
    stacked = _unflat(theta + steps, params)
    _, cache = forward(stacked, X, hidden, output)
    grads = backward(stacked, cache, Y)
    G = np.concatenate([grads[f"d{k}{l}"].reshape(2 * P, -1) for l in range(1, L + 1) for k in "Wb"], axis=1)
    H = (G[:P] - G[P:]) / (2 * h)
    return (H + H.swapaxes(-1, -2)) / 2
