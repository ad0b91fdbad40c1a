"""Gradient descent for :mod:`nnlib.mlp` networks — one network or a stack of K in one call.

``train`` validates its arguments once, copies the parameters, and then repeats one step —
:func:`nnlib.backprop.forward_pass`, :func:`nnlib.backprop.backward_fast`, :func:`gradient_step` —
on the batches of :func:`minibatches`, so that a step costs little more than the numpy arithmetic
itself. Its history records the loss and accuracy on the *whole* training set (without dropout)
every ``record_every`` steps, and optionally the per-layer statistics of :mod:`nnlib.diagnostics`.
A large stack is trained in cache-sized parts (:mod:`nnlib.stacking`), with the same results.
"""

import numpy as np

from .activations import get_activation
from .backprop import forward_pass
from .checks import (
    check_input,
    check_keep_prob,
    check_labels,
    check_name,
    check_output,
    check_params,
    check_positive,
    check_rng,
)
from .history import History, NonFiniteLossError, nonfinite_error
from .stacking import Chunk, keep_freed_memory, stack_parts

__all__ = ["train", "minibatches", "gradient_step", "History", "NonFiniteLossError"]


def train(params, X, Y, *, hidden="relu", output="sigmoid", lr=0.1, steps=1000, batch_size=None,
          keep_prob=1.0, rng=None, record_every=1, stats_every=None, on_nonfinite="raise", progress=False):
    """Train by (mini-batch) gradient descent.

    Parameters
    ----------
    params : dict of ndarray
        ``W[l]`` of shape ([K,] n_l, n_{l-1}), ``b[l]`` of shape ([K,] n_l, 1). Not modified:
        training works on a copy.
    X : ndarray of shape (n_x, m) or (K, n_x, m)
    Y : ndarray of shape (n_y, m) or (K, n_y, m)
    hidden : {"relu", "tanh", "sigmoid", "linear"}
    output : {"sigmoid", "softmax"}
    lr : float > 0
    steps : int >= 0
        Number of parameter updates.
    batch_size : int, optional
        Mini-batch size; ``None`` = full batch. Batches follow a fresh permutation (from
        ``rng``) every epoch and are shared by all stacked networks.
    keep_prob : float in (0, 1], default 1
        Inverted dropout on the hidden layers during training (1 = off).
    rng : numpy.random.Generator, optional
        Needed for mini-batches and dropout.
    record_every : int, default 1
        Record loss and accuracy every this many steps (and always after the last one).
    stats_every : int, optional
        Also record per-layer statistics every this many steps.
    on_nonfinite : {"raise", "record"}
        ``"raise"``: stop with :class:`NonFiniteLossError` naming the step, the layer and a fix.
        ``"record"``: freeze the diverged network(s), note the step in
        ``history.nonfinite_step`` and keep training the others.
    progress : bool
        Show a ``tqdm`` progress bar (works in notebooks and terminals).

    Returns
    -------
    params : dict of ndarray
        The trained parameters.
    history : History
    """
    X, Y = _check_arguments(params, X, Y, hidden, output, lr, steps, batch_size, keep_prob, rng, record_every,
                            stats_every, on_nonfinite)
    params = {k: np.array(v, dtype=np.float64) for k, v in params.items()}  # train's own copy, updated in place
    keep_freed_memory()
    # on the full batch without dropout, a step's forward pass is also the record's evaluation
    reuse = batch_size is None and keep_prob == 1
    chunks = [Chunk(params, X, Y, part, hidden, output, reuse)
              for part in stack_parts(params, batch_size or X.shape[-1], keep_prob)]
    bar = _progress_bar(steps, progress)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for step, (Xb, Yb) in enumerate(minibatches(X, Y, steps, batch_size, rng)):
            record, stats = step % record_every == 0, stats_every is not None and step % stats_every == 0
            grads = []
            for chunk in chunks:  # every chunk's gradients before any update: a divergence stops the step whole
                g, cache = chunk.gradients(step, Xb, Yb, keep_prob, rng, on_nonfinite, record, stats)
                if g is None:
                    if len(chunks) > 1:  # name every diverged network (chunks run without dropout)
                        _, cache = forward_pass(params, Xb, hidden, output)
                    raise nonfinite_error(step, cache, np.concatenate([c.log.alive for c in chunks]) if
                                          len(chunks) > 1 else chunks[0].log.alive, lr)
                grads.append(g)
            for chunk, g in zip(chunks, grads, strict=True):
                gradient_step(chunk.params, g, lr, chunk.log.moving())
            _show_progress(bar, step, steps, chunks)
        for chunk in chunks:
            chunk.log.record(steps, chunk.params)
    if bar is not None:
        bar.close()
    return params, History.concatenate([chunk.log.history() for chunk in chunks])


def _check_arguments(params, X, Y, hidden, output, lr, steps, batch_size, keep_prob, rng, record_every,
                     stats_every, on_nonfinite):
    """Every check of :func:`train`'s arguments, once; returns ``X`` and ``Y`` as float64 arrays."""
    L, lead = check_params(params)
    get_activation(hidden, "hidden activation")
    check_output(output)
    X = check_input(X, params, lead)
    Y = check_labels(Y, output, np.shape(params[f"W{L}"])[-2])
    m = X.shape[-1]
    if Y.shape[-1] != m or (Y.ndim > 2 and Y.shape[:-2] != lead):
        raise ValueError(f"Y has shape {Y.shape} but X has shape {X.shape} and the params are stacked as {lead}")
    check_positive(lr, "lr")
    check_positive(steps, "steps", allow_zero=True, integer=True)
    check_positive(record_every, "record_every", integer=True)
    if stats_every is not None:
        check_positive(stats_every, "stats_every", integer=True)
    check_keep_prob(keep_prob, rng, "train with mini-batches or dropout")
    check_name(on_nonfinite, dict.fromkeys(("raise", "record")), "on_nonfinite")
    if batch_size is not None:
        check_positive(batch_size, "batch_size", integer=True)
        if batch_size > m:
            raise ValueError(f"batch_size={batch_size} is larger than the number of examples m={m}")
        check_rng(rng, "train with mini-batches or dropout")
    return X, Y


def minibatches(X, Y, steps, batch_size, rng):
    """Yield the ``(Xb, Yb)`` of ``steps`` updates, in order.

    ``batch_size=None``: the whole set every time. Otherwise the columns are visited in a fresh
    permutation (drawn from ``rng``) every epoch, ``batch_size`` at a time; an incomplete last batch
    is dropped. The batches are shared by all stacked networks.

    Parameters
    ----------
    X : ndarray of shape ([K,] n_x, m)
    Y : ndarray of shape ([K,] n_y, m)
    steps : int
    batch_size : int or None
    rng : numpy.random.Generator
        Only used with mini-batches.

    Yields
    ------
    Xb : ndarray of shape ([K,] n_x, batch_size)
    Yb : ndarray of shape ([K,] n_y, batch_size)
    """
    m = X.shape[-1]
    if batch_size is None:
        for _ in range(steps):
            yield X, Y
        return
    order, pos = None, m  # pos = m: a fresh permutation before the first batch
    for _ in range(steps):
        if pos + batch_size > m:  # new epoch
            order, pos = rng.permutation(m), 0
        idx = order[pos:pos + batch_size]
        pos += batch_size
        yield X[..., idx], Y[..., idx]


def gradient_step(params, grads, lr, moving=None):
    """One step of gradient descent, in place: ``params[k] -= lr * grads["d" + k]``.

    Parameters
    ----------
    params : dict of ndarray
        Updated in place (except where ``moving`` is False).
    grads : dict of ndarray
        From :func:`nnlib.backprop.backward_fast` (or :func:`nnlib.mlp.backward`).
    lr : float
    moving : ndarray of bool of shape (K,), optional
        For stacked networks: only these take the step; the others keep their parameters (a diverged
        network's gradients are nan). ``None``: all of them.
    """
    if moving is None:
        for key in params:
            # in place: the same values as params[key] - lr * grad, without a new array per parameter
            params[key] -= lr * grads["d" + key]
    else:
        for key in params:
            update = params[key] - lr * grads["d" + key]
            np.copyto(params[key], update, where=moving[..., None, None])


def _show_progress(bar, step, steps, chunks):
    if bar is not None and (step % 50 == 0 or step == steps - 1):
        last = np.concatenate([np.atleast_1d(chunk.log.records[-1][1]) for chunk in chunks])
        # the loss first, then the count: update() redraws the bar, which then shows this step's loss
        bar.set_postfix(loss=f"{np.nanmean(last):.4f}", refresh=False)
        bar.update(step + 1 - bar.n)


def _progress_bar(total, enabled):
    if not enabled:
        return None
    from tqdm.auto import tqdm  # imported lazily: only progress bars need it

    return tqdm(total=total, desc="training", unit="step")
