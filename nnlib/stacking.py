"""Training a stack of networks in cache-sized parts, without handing memory back between steps.

Both only change how fast :func:`nnlib.train.train` runs, never what it computes:

* :func:`stack_parts` splits a stack of ``K`` networks into parts whose activation arrays fit in
  the core's cache, and a :class:`Chunk` trains one part (each network's arithmetic is independent
  of the others', so the parts give the same bits as the whole stack);
* :func:`keep_freed_memory` stops glibc's ``malloc`` from returning the step's large arrays to the
  operating system after every free, which cost page faults at every step.

Measured on 64 × [2,16,16,1] networks, m = 400, in ``benchmarks/README.md``.
"""

import ctypes
import functools

import numpy as np

from .backprop import backward_fast, forward_pass
from .history import TrainingLog

__all__ = ["CHUNK_BYTES", "stack_parts", "Chunk", "keep_freed_memory"]


#: A stack of networks is trained in parts whose largest activation array takes about this many bytes
#: (the 1 MiB L2 cache of the machine the benchmarks ran on): the elementwise passes then run from
#: the cache instead of memory. Measured on 64 x [2,16,16,1] networks, m = 400 (benchmarks/README.md).
CHUNK_BYTES = 2**20


def stack_parts(params, m, keep_prob=1.0):
    """How :func:`train` splits a stack of networks: slices of the stacking axis, or ``[None]`` (all at once).

    Every network's arithmetic is independent of the others', so training the parts one after the
    other gives the same bits as training the whole stack. Only a single stacking axis is split, and
    not with dropout (whose masks are drawn for the whole stack at once, in order from ``rng``).

    Parameters
    ----------
    params : dict of ndarray
    m : int
        Columns per step (the batch size).
    keep_prob : float

    Returns
    -------
    list of slice, or ``[None]``
    """
    lead = np.shape(params["W1"])[:-2]
    if len(lead) != 1 or keep_prob < 1:
        return [None]
    K = lead[0]
    widest = max(np.shape(v)[-2] for key, v in params.items() if key[0] == "W")
    n = min(K, -(-K * widest * m * 8 // CHUNK_BYTES))  # ceil: parts of at most CHUNK_BYTES
    if n <= 1:
        return [None]
    size = -(-K // n)
    return [slice(start, min(start + size, K)) for start in range(0, K, size)]


class Chunk:
    """Some networks of a stack, as :func:`nnlib.train.train` trains them: parameter views, data, log.

    Parameters
    ----------
    params : dict of ndarray
        The whole stack's parameters (train's own copy); the chunk holds views into them, so the
        in-place updates of :func:`nnlib.train.gradient_step` reach the whole stack.
    X, Y : ndarray
        The full training set; a stacked one is sliced like the parameters.
    part : slice or None
        Which networks (``None``: all of them).
    hidden, output : str
    reuse : bool
        The step's forward pass is also the record's evaluation (full batch, no dropout).
    """

    def __init__(self, params, X, Y, part, hidden, output, reuse):
        self.part, self.hidden, self.output, self.reuse = part, hidden, output, reuse
        self.params = params if part is None else {k: v[part] for k, v in params.items()}  # views: updated in place
        X, Y = self.take(X), self.take(Y)
        self.log = TrainingLog(X, Y, hidden, output, lead=np.shape(self.params["W1"])[:-2])

    def take(self, A):
        """This chunk's networks of a stacked array; a shared ``(n, m)`` array as it is."""
        return A if self.part is None or A.ndim == 2 else A[self.part]

    def gradients(self, step, Xb, Yb, keep_prob, rng, on_nonfinite, record, stats):
        """Forward and backward pass on the batch, with the step's records; ``(None, cache)`` to stop."""
        _, cache = forward_pass(self.params, self.take(Xb), self.hidden, self.output, keep_prob, rng)
        if not self.log.check_finite(step, cache, on_nonfinite):
            return None, cache
        if record:
            self.log.record(step, self.params, cache if self.reuse else None)
        grads = backward_fast(self.params, cache, self.take(Yb))
        if stats:
            self.log.record_stats(step, cache, grads)
        return grads, cache


@functools.cache
def keep_freed_memory():
    """Ask glibc's ``malloc`` to keep freed memory for reuse; once per process, a no-op without glibc.

    A training step allocates and frees arrays of the same sizes again and again. By default glibc
    hands large blocks back to the operating system when they are freed (blocks above an adaptive
    mmap threshold that starts at 128 KiB, and free space above 128 KiB at the top of the heap), so
    the next step pays page faults to get the memory back. On 64 stacked [2,16,16,1] networks with
    m = 400 (arrays of 3.3 MB) that cost about as much as the arithmetic itself (benchmarks/README.md).
    Fixing the mmap threshold at 32 MiB and the trim threshold at 64 MiB keeps that memory in the
    process instead; it changes no result. Returns whether the setting was applied.
    """
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (AttributeError, OSError):  # not glibc (macOS, Windows, musl): nothing to do
        return False
    M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3  # from glibc's <malloc.h>
    return bool(mallopt(M_MMAP_THRESHOLD, 32 << 20)) and bool(mallopt(M_TRIM_THRESHOLD, 64 << 20))
