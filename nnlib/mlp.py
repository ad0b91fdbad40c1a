"""A multilayer perceptron in numpy: parameters, forward pass, backward pass, loss.

Column-major, exactly the course's notation: ``Z[l] = W[l] @ A[l-1] + b[l]``, ``A[l] = g(Z[l])``,
and backward

    dZ[L]   = A[L] − Y
    dW[l]   = (1/m) dZ[l] A[l-1]ᵀ
    db[l]   = (1/m) Σ_examples dZ[l]
    dZ[l-1] = W[l]ᵀ dZ[l] ⊙ g′(Z[l-1])

Every array may carry leading axes for ``K`` stacked, independent networks (``W[l]`` of shape
``(K, n_l, n_{l-1})``). The code only uses ``@``, ``swapaxes(-1, -2)`` and ``axis=-1``, so the
same lines train one network or a hundred seeds at once; ``X`` may be shared ``(n_x, m)``.

The functions here check their inputs (:mod:`nnlib.checks`) and then run the unchecked passes of
:mod:`nnlib.backprop`, where the backward pass is written twice: the formulas above line by line
(:func:`nnlib.backprop.backward_naive`) and a faster version with the same numbers
(:func:`nnlib.backprop.backward_fast`, which :func:`backward` runs).
"""

import numpy as np

from .activations import get_activation
from .backprop import backward_fast, forward_pass
from .checks import check_input, check_keep_prob, check_labels, check_output, check_params, check_positive, check_rng
from .initializers import get_initializer
from .losses import accuracy_from_logits, cross_entropy


def init_params(layer_sizes, rng, init="he_normal", stack=None, **hyper):
    """Draw the weights of an MLP; biases start at zero.

    Parameters
    ----------
    layer_sizes : sequence of int, [n_x, n_1, ..., n_L]
        Input size, then the size of each layer. At least two entries.
    rng : numpy.random.Generator
    init : str or callable, default "he_normal"
        A name from ``nnlib.initializers.INITIALIZERS`` or a function ``(shape, rng, **hyper)``.
    stack : int, optional
        Draw ``stack`` independent networks at once (a leading axis on every array).
    **hyper
        Hyper-parameters of the initializer, e.g. ``std=0.01`` or ``gain=5/3``.

    Returns
    -------
    params : dict
        ``"W1"`` of shape ([K,] n_1, n_x), ``"b1"`` of shape ([K,] n_1, 1), ..., ``"WL"``, ``"bL"``.

    Examples
    --------
    >>> p = init_params([2, 10, 1], np.random.default_rng(0), stack=5)
    >>> p["W1"].shape, p["b2"].shape
    ((5, 10, 2), (5, 1, 1))
    """
    sizes = list(layer_sizes) if isinstance(layer_sizes, (list, tuple)) else None
    if sizes is None or len(sizes) < 2:
        raise ValueError(
            f"layer_sizes must be a list like [n_x, n_1, ..., n_L] with at least 2 entries, got {layer_sizes!r}"
        )
    for i, n in enumerate(sizes):
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n <= 0:
            raise ValueError(f"layer_sizes[{i}] must be a positive int, got {n!r} in {sizes}")
    check_rng(rng, "init_params")
    lead = ()
    if stack is not None:
        check_positive(stack, "stack", integer=True)
        lead = (int(stack),)
    draw = get_initializer(init, **hyper) if isinstance(init, str) else _bind(init, hyper)
    params = {}
    for l in range(1, len(sizes)):
        shape = lead + (sizes[l], sizes[l - 1])
        W = np.asarray(draw(shape, rng), dtype=np.float64)
        if W.shape != shape:
            raise ValueError(f"initializer returned shape {W.shape} for layer {l}, expected {shape}")
        params[f"W{l}"] = W
        params[f"b{l}"] = np.zeros(lead + (sizes[l], 1))
    return params


def _bind(init, hyper):
    if not callable(init):
        raise TypeError(f"init must be an initializer name or a callable, got {type(init).__name__}")
    return lambda shape, rng: init(shape, rng, **hyper)


def forward(params, X, hidden="relu", output="sigmoid", keep_prob=1.0, rng=None):
    """Forward pass through the network.

    Parameters
    ----------
    params : dict of ndarray
        ``W[l]`` of shape ([K,] n_l, n_{l-1}), ``b[l]`` of shape ([K,] n_l, 1).
    X : ndarray of shape (n_x, m) or (K, n_x, m)
    hidden : {"relu", "tanh", "sigmoid", "linear"}
        Activation of every hidden layer.
    output : {"sigmoid", "softmax"}
    keep_prob : float in (0, 1], default 1
        Inverted dropout on the hidden layers (1 = no dropout); needs ``rng`` when < 1.
    rng : numpy.random.Generator, optional

    Returns
    -------
    AL : ndarray of shape ([K,] n_L, m)
        Output probabilities.
    cache : dict
        ``"A0"`` (= X), ``"Z1"``, ``"A1"``, ..., ``"ZL"``, ``"AL"``, dropout masks ``"D{l}"``,
        and the activation names — everything :func:`backward` needs.
    """
    _, lead = check_params(params)
    get_activation(hidden, "hidden activation")
    check_output(output, params)
    X = check_input(X, params, lead)
    check_keep_prob(keep_prob, rng, "forward with dropout")
    return forward_pass(params, X, hidden, output, keep_prob, rng)


def backward(params, cache, Y):
    """Gradients of :func:`loss` with respect to every parameter.

    Parameters
    ----------
    params : dict of ndarray
        As passed to :func:`forward`.
    cache : dict
        Returned by :func:`forward`.
    Y : ndarray of shape ([K,] n_L, m)
        Labels: {0, 1} for sigmoid output, one-hot columns for softmax.

    Returns
    -------
    grads : dict
        ``"dW1"``, ``"db1"``, ..., with the shapes of ``W1``, ``b1``, ....
    """
    L, lead = check_params(params)
    if not isinstance(cache, dict) or cache.get("L") != L:
        raise ValueError("cache must be the dict returned by forward() for these params")
    AL = cache[f"A{L}"]
    Y = check_labels(Y, cache["output"], AL.shape[-2])
    if Y.shape[-1] != AL.shape[-1] or (Y.ndim > 2 and Y.shape[:-2] != lead):
        raise ValueError(f"Y has shape {Y.shape} but the output A{L} has shape {AL.shape}")
    return backward_fast(params, cache, Y)


def loss(params, X, Y, hidden="relu", output="sigmoid"):
    """Cross-entropy of the network on ``(X, Y)``, computed stably from the logits.

    Parameters
    ----------
    params : dict of ndarray
    X : ndarray of shape ([K,] n_x, m)
    Y : ndarray of shape ([K,] n_L, m)
    hidden : {"relu", "tanh", "sigmoid", "linear"}
    output : {"sigmoid", "softmax"}
        Binary cross-entropy (summed over output units) or categorical cross-entropy.

    Returns
    -------
    loss : float, or ndarray of shape (K,) for stacked networks
        Mean over the ``m`` examples.
    """
    _, cache = forward(params, X, hidden, output)
    L = cache["L"]
    Y = check_labels(Y, output, cache[f"Z{L}"].shape[-2])
    if Y.shape[-1] != cache[f"Z{L}"].shape[-1]:
        raise ValueError(f"Y has {Y.shape[-1]} examples (shape {Y.shape}) but X has {cache['A0'].shape[-1]}")
    return cross_entropy(cache[f"Z{L}"], Y, output)


def accuracy(params, X, Y, hidden="relu", output="sigmoid"):
    """Fraction of examples classified correctly (threshold 0.5, or argmax for softmax).

    Returns
    -------
    accuracy : float, or ndarray of shape (K,) for stacked networks
    """
    _, cache = forward(params, X, hidden, output)
    L = cache["L"]
    Y = check_labels(Y, output, cache[f"Z{L}"].shape[-2])
    return accuracy_from_logits(cache[f"Z{L}"], Y, output)
