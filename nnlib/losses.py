"""Cross-entropy losses and accuracy, computed from the output layer's logits ``Z_L``.

Why logits: at a large init scale ``σ(z)`` rounds to exactly 0.0 or 1.0 in float64 (already for
``z > 37``) and the textbook ``−y log a − (1−y) log(1−a)`` then evaluates ``log 0 = −inf``. The
same loss written in ``z`` is ``softplus(z) − y z`` with
``softplus(z) = max(z, 0) + log(1 + e^{−|z|})``, which never overflows; softmax cross-entropy
likewise becomes ``logsumexp(z) − Σ y z``.

Both losses are summed over the output units and averaged over the ``m`` examples, so their
gradient with respect to ``Z_L`` is ``(A_L − Y) / m`` — the course's ``dZ_L = A_L − Y`` with the
``1/m`` applied in ``dW`` and ``db``.
"""

import numpy as np

OUTPUTS = ("sigmoid", "softmax")


def softplus(Z):
    """``log(1 + e^z)`` without overflow, elementwise; ``Z`` of any shape."""
    return np.maximum(Z, 0.0) + np.log1p(np.exp(-np.abs(Z)))


def logsumexp(Z, axis=-2):
    """``log Σ exp(z)`` over the units axis, shifted by the max so nothing overflows."""
    zmax = Z.max(axis=axis, keepdims=True)
    return np.log(np.exp(Z - zmax).sum(axis=axis)) + zmax.squeeze(axis)


def softmax(Z):
    """Softmax over the units axis: ``Z`` of shape (..., n, m) -> probabilities (..., n, m)."""
    E = np.exp(Z - Z.max(axis=-2, keepdims=True))
    return E / E.sum(axis=-2, keepdims=True)


def cross_entropy(ZL, Y, output="sigmoid"):
    """Mean cross-entropy of logits ``ZL`` against labels ``Y``.

    Parameters
    ----------
    ZL : ndarray of shape (..., n_y, m)
        Output logits (pre-activations of the last layer).
    Y : ndarray of shape (n_y, m) or (..., n_y, m)
    output : {"sigmoid", "softmax"}
        ``"sigmoid"``: binary cross-entropy per unit, summed over units.
        ``"softmax"``: categorical cross-entropy with one-hot ``Y``.

    Returns
    -------
    loss : float, or ndarray of shape (...,) for stacked networks
    """
    if output == "sigmoid":
        per_example = (softplus(ZL) - Y * ZL).sum(axis=-2)
    else:
        per_example = logsumexp(ZL) - (Y * ZL).sum(axis=-2)
    loss = per_example.mean(axis=-1)
    return float(loss) if np.ndim(loss) == 0 else loss


def accuracy_from_logits(ZL, Y, output="sigmoid"):
    """Fraction of correct predictions: ``z > 0`` per sigmoid unit, or argmax for softmax.

    Parameters
    ----------
    ZL : ndarray of shape (..., n_y, m)
    Y : ndarray of shape (n_y, m) or (..., n_y, m)
        Labels: 0 or 1 per sigmoid unit, one-hot columns for softmax.
    output : {"sigmoid", "softmax"}

    Returns
    -------
    accuracy : float, or ndarray of shape (...,) for stacked networks
    """
    if output == "sigmoid":
        acc = ((ZL > 0) == (Y > 0.5)).mean(axis=(-2, -1))
    else:
        acc = (ZL.argmax(axis=-2) == Y.argmax(axis=-2)).mean(axis=-1)
    return float(acc) if np.ndim(acc) == 0 else acc
