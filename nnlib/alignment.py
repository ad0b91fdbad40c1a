"""Compare trained networks up to their symmetries: permute (and flip) hidden units, then measure.

Permuting the units of a hidden layer — rows of ``W[l]`` and ``b[l]``, columns of ``W[l+1]`` —
leaves the function unchanged, so two networks can compute the same thing and still be far apart
as parameter vectors. For an odd activation (tanh, linear) flipping the sign of a unit's incoming
weights, bias and outgoing weights is a second exact symmetry. :func:`align` undoes both, layer by
layer, with an optimal assignment (the weight matching of Ainsworth et al. 2023, one pass).
"""

import numpy as np
from scipy.optimize import linear_sum_assignment

from .checks import check_params

#: Hidden activations with g(−z) = −g(z): a sign flip of a unit is a symmetry.
ODD = frozenset({"tanh", "linear"})


def _unit_vectors(params, l, L):
    # unit i of hidden layer l: incoming weights and bias (inputs already aligned); for the last
    # hidden layer also its outgoing weights, whose rows (the output units) never move
    parts = [params[f"W{l}"], params[f"b{l}"]]
    if l == L - 1:
        parts.append(params[f"W{L}"].swapaxes(-1, -2))
    return np.concatenate(parts, axis=-1)


def align(reference, params, hidden="tanh"):
    """Permute (and, for odd activations, sign-flip) ``params``' hidden units to match ``reference``.

    Each hidden layer in turn (layer 1 first, so later layers see already aligned inputs), unit
    ``j`` of ``params`` is assigned to unit ``i`` of ``reference`` by minimising the total squared
    distance between their incoming weights and bias (and, in the last hidden layer, outgoing
    weights), a sign flip allowed when ``hidden`` is odd. It recovers any permutation (and flip)
    of one network exactly; between two different networks it is one greedy pass.

    Parameters
    ----------
    reference, params : dict of ndarray
        Two unstacked networks of the same layer sizes: ``W[l]`` of shape (n_l, n_{l-1}),
        ``b[l]`` of shape (n_l, 1).
    hidden : str
        The hidden activation (decides whether sign flips are symmetries).

    Returns
    -------
    aligned : dict of ndarray
        ``params`` with its hidden units reordered (and flipped): it computes exactly the same
        function as ``params``.
    """
    L, lead = check_params(params)
    L_ref, lead_ref = check_params(reference)
    if lead or lead_ref:
        raise ValueError(f"align takes unstacked networks, got leading axes {lead} and {lead_ref}")
    shapes = {k: np.shape(v) for k, v in params.items()}
    ref_shapes = {k: np.shape(v) for k, v in reference.items()}
    if shapes != ref_shapes:
        raise ValueError(f"reference and params must have the same shapes, got {ref_shapes} and {shapes}")
    out = {k: np.array(v, dtype=np.float64) for k, v in params.items()}
    for l in range(1, L):
        A, B = _unit_vectors(reference, l, L), _unit_vectors(out, l, L)
        cost = ((A[:, None, :] - B[None, :, :]) ** 2).sum(axis=-1)           # (n_l, n_l)
        flip_cost = ((A[:, None, :] + B[None, :, :]) ** 2).sum(axis=-1)
        flip = (flip_cost < cost) if hidden in ODD else np.zeros_like(cost, dtype=bool)
        rows, cols = linear_sum_assignment(np.where(flip, flip_cost, cost))
        order, sign = cols[np.argsort(rows)], np.where(flip[rows, cols][np.argsort(rows)], -1.0, 1.0)
        out[f"W{l}"] = out[f"W{l}"][order] * sign[:, None]
        out[f"b{l}"] = out[f"b{l}"][order] * sign[:, None]
        out[f"W{l + 1}"] = out[f"W{l + 1}"][:, order] * sign[None, :]
    return out


def flat(params):
    """All parameters of one network as one vector, in the order W1, b1, W2, b2, ...: shape (P,)."""
    L, _ = check_params(params)
    return np.concatenate([np.ravel(params[f"{k}{l}"]) for l in range(1, L + 1) for k in "Wb"])


def aligned_distance(reference, params, hidden="tanh"):
    """Euclidean distance between two networks after :func:`align`: a float ≤ the raw distance."""
    return float(np.linalg.norm(flat(reference) - flat(align(reference, params, hidden))))
