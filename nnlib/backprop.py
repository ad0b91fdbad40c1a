"""The forward and backward passes of :mod:`nnlib.mlp` without input checks: a naive and a fast backward.

As CS231n keeps a ``*_naive`` and a ``*_fast`` implementation of a layer apart, the backward pass is
written twice:

* :func:`backward_naive` is the course's formulas line by line (``⊙`` is ``*``, ``Aᵀ`` is
  ``A.swapaxes(-1, -2)``), read it next to lesson 02::

      dZ[L]   = A[L] − Y
      dW[l]   = (1/m) dZ[l] A[l-1]ᵀ
      db[l]   = (1/m) Σ_examples dZ[l]
      dZ[l-1] = W[l]ᵀ dZ[l] ⊙ D[l-1] ⊙ g′(Z[l-1])      (D: the dropout mask, when there is one)

* :func:`backward_fast` computes the same numbers, bit for bit (``tests/test_backprop.py`` checks it
  for every activation, output, dropout and stacking), with less work: it divides and multiplies in
  place, for tanh and sigmoid it computes ``g′`` from the cached ``A = g(Z)`` instead of evaluating
  ``tanh`` / ``exp`` a second time (the costliest elementwise work of a training step), for ReLU it
  multiplies by the mask ``Z > 0`` without materialising ``g′``, and below a one-unit layer it forms
  ``W[l]ᵀ dZ[l]`` as the outer product it is. It is what
  :func:`nnlib.mlp.backward` and :func:`nnlib.train.train` run.

Neither function checks its inputs — that is :mod:`nnlib.checks`' job, done once by
:func:`nnlib.mlp.forward` / :func:`nnlib.mlp.backward` at every call, and by
:func:`nnlib.train.train` once before its loop. Call these directly only with validated arrays:
``params`` as :func:`nnlib.checks.check_params` accepts, float64 ``X`` and ``Y``, known names.
Every array may carry leading axes of ``K`` stacked networks; ``X`` may be shared ``(n_x, m)``.
"""

from .activations import get_activation, sigmoid
from .losses import softmax

__all__ = ["forward_pass", "backward_naive", "backward_fast"]


def forward_pass(params, X, hidden, output, keep_prob=1.0, rng=None):
    """Unchecked forward pass: ``Z[l] = W[l] @ A[l-1] + b[l]``, ``A[l] = g(Z[l])``, the output layer last.

    Parameters
    ----------
    params : dict of ndarray
        ``W[l]`` of shape ([K,] n_l, n_{l-1}), ``b[l]`` of shape ([K,] n_l, 1), ``l = 1 .. L``.
    X : ndarray of shape ([K,] n_x, m), float64
    hidden : {"relu", "tanh", "sigmoid", "linear"}
    output : {"sigmoid", "softmax"}
    keep_prob : float in (0, 1]
        Inverted dropout on the hidden layers (1 = none).
    rng : numpy.random.Generator
        Draws the dropout masks (only used when ``keep_prob < 1``).

    Returns
    -------
    AL : ndarray of shape ([K,] n_L, m)
    cache : dict
        ``"A0"`` (= X), ``"Z{l}"``, ``"A{l}"``, the dropout masks ``"D{l}"``, ``"L"`` and the names.
    """
    act = get_activation(hidden)
    L = len(params) // 2
    cache = {"A0": X, "hidden": act.name, "output": output, "L": L}
    A = X
    for l in range(1, L + 1):
        Z = params[f"W{l}"] @ A
        b = params[f"b{l}"]
        if Z.dtype == b.dtype:
            Z += b  # in place into the fresh product: the values of `W @ A + b`, one array fewer
        else:
            Z = Z + b
        if l < L:
            A = act.g(Z)
            if keep_prob < 1.0:
                # Inverted dropout: scale the kept units by 1/keep_prob so E[A] is unchanged.
                D = (rng.random(A.shape) < keep_prob) / keep_prob
                A = A * D
                cache[f"D{l}"] = D
        else:
            A = sigmoid(Z) if output == "sigmoid" else softmax(Z)
        cache[f"Z{l}"], cache[f"A{l}"] = Z, A
    return A, cache


def backward_naive(params, cache, Y):
    """Unchecked backward pass, the course's formulas line by line (a reference for :func:`backward_fast`).

    Parameters
    ----------
    params : dict of ndarray
        As passed to :func:`forward_pass`.
    cache : dict
        From :func:`forward_pass` (not modified).
    Y : ndarray of shape ([K,] n_L, m)

    Returns
    -------
    grads : dict
        ``"dW{l}"`` and ``"db{l}"`` with the shapes of ``W{l}`` and ``b{l}``.
    """
    L, g_prime = cache["L"], get_activation(cache["hidden"]).g_prime
    m = Y.shape[-1]
    grads = {}
    dZ = cache[f"A{L}"] - Y  # sigmoid + BCE and softmax + CCE share this form
    for l in range(L, 0, -1):
        A_prev = cache[f"A{l - 1}"]
        grads[f"dW{l}"] = dZ @ A_prev.swapaxes(-1, -2) / m
        grads[f"db{l}"] = dZ.sum(axis=-1, keepdims=True) / m
        if l > 1:
            dA_prev = params[f"W{l}"].swapaxes(-1, -2) @ dZ
            if f"D{l - 1}" in cache:
                dA_prev = dA_prev * cache[f"D{l - 1}"]  # dropped units pass no gradient back
            dZ = dA_prev * g_prime(cache[f"Z{l - 1}"])
    return grads


# g'(Z) written in terms of the cached A = g(Z): the same numbers as tanh_prime(Z) = 1 − tanh(Z)² and
# sigmoid_prime(Z) = σ(Z)(1 − σ(Z)), without computing tanh / exp a second time. Not valid after
# dropout, which rescales A: backward_fast then uses g_prime(Z).
_GPRIME_FROM_A = {"tanh": lambda A: 1.0 - A * A, "sigmoid": lambda A: A * (1.0 - A)}


def backward_fast(params, cache, Y):
    """Unchecked backward pass: :func:`backward_naive`'s numbers, bit for bit, with less memory traffic.

    Same parameters and return value as :func:`backward_naive`; also stores the back-propagated
    ``"dZ{l}"`` in ``cache`` (for :func:`nnlib.diagnostics.layer_stats`).
    """
    L, g_prime = cache["L"], get_activation(cache["hidden"]).g_prime
    from_A = _GPRIME_FROM_A.get(cache["hidden"])
    m = Y.shape[-1]
    grads = {}
    dZ = cache[f"A{L}"] - Y
    for l in range(L, 0, -1):
        cache[f"dZ{l}"] = dZ
        # the in-place /= and *= give the same values as `/ m` and `*` without allocating a second
        # array of the layer's size; dW and dA are fresh products
        grads[f"dW{l}"] = dW = dZ @ cache[f"A{l - 1}"].swapaxes(-1, -2)
        dW /= m
        grads[f"db{l}"] = dZ.sum(axis=-1, keepdims=True) / m
        if l > 1:
            W = params[f"W{l}"]
            if W.shape[-2] == 1:
                # one unit (a sigmoid output): W^T dZ is an outer product. The BLAS computes it as
                # 0 + w z, which `w * z + 0.0` reproduces bit for bit (also turning -0 into +0),
                # at a fraction of the cost of a matrix product with an inner dimension of 1
                dA = W.swapaxes(-1, -2) * dZ
                dA += 0.0
            else:
                dA = W.swapaxes(-1, -2) @ dZ
            D = cache.get(f"D{l - 1}")
            if D is None and from_A is not None:
                dA *= from_A(cache[f"A{l - 1}"])  # = g_prime(Z[l-1]), see _GPRIME_FROM_A
            else:
                if D is not None:
                    dA *= D
                if cache["hidden"] == "relu":  # relu_prime(Z) is the mask Z > 0 as 1.0 / 0.0: cast inside the product
                    dA *= cache[f"Z{l - 1}"] > 0
                else:
                    dA *= g_prime(cache[f"Z{l - 1}"])
            dZ = dA
    return grads
