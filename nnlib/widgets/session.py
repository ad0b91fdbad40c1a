"""A training run advanced a chunk at a time — the state behind the training playground widget.

:class:`Session` holds one small network and its data set and trains it with :func:`nnlib.train.train`
in chunks of a few steps, recording the loss after each chunk. The widget
(:func:`nnlib.widgets.training_playground`) only calls :meth:`Session.advance` and draws; tests and
lessons can drive a session without a browser.

The initial weights are ``scale ×`` what the chosen initializer draws (``INIT_HYPER`` gives the
hyper-parameters): ``normal × 0.01`` is the classic ``randn(...) * 0.01``, ``he_normal × 1`` is He
initialisation as published, ``zeros`` ignores the scale.
"""

import numpy as np

from ..checks import check_name, check_positive
from ..data import load
from ..mlp import forward, init_params
from ..train import train

DATASET_NAMES = ("circles", "moons", "spirals", "xor")
#: Initializers offered by the playground, with the hyper-parameters used before multiplying by ``scale``.
INIT_HYPER = {
    "zeros": {}, "constant": {"value": 1.0}, "normal": {"std": 1.0}, "uniform": {"limit": 1.0},
    "lecun_normal": {}, "xavier_normal": {}, "he_normal": {}, "orthogonal": {},
}


class Session:
    """One network, one data set, trained in chunks.

    Parameters
    ----------
    dataset : {"circles", "moons", "spirals", "xor"}
    init : str
        A key of :data:`INIT_HYPER`.
    scale : float > 0
        Multiplies every initial weight matrix.
    activation : {"tanh", "relu", "sigmoid"}
        Hidden activation.
    hidden_sizes : tuple of int
        Units of each hidden layer (the input has 2, the output 1 sigmoid unit).
    lr : float > 0
        Learning rate of full-batch gradient descent.
    m : int
        Number of examples.
    seed : int
        Seeds the data and the weights (``numpy.random.default_rng(seed)``).

    Attributes
    ----------
    X : ndarray of shape (2, m)
    Y : ndarray of shape (1, m)
    params : dict of ndarray
    step : int
        Updates made so far.
    steps, losses, accuracies : list
        The record: step 0 (before training) and the end of every chunk.
    diverged : bool
        The loss became non-finite (training stops).
    """

    def __init__(self, dataset="circles", init="he_normal", scale=1.0, activation="tanh",
                 hidden_sizes=(16, 16), lr=0.5, m=200, seed=0):
        check_name(dataset, dict.fromkeys(DATASET_NAMES), "dataset")
        check_name(init, INIT_HYPER, "initializer")
        check_positive(scale, "scale")
        check_positive(lr, "lr")
        self.dataset, self.init, self.scale, self.activation = dataset, init, float(scale), activation
        self.hidden_sizes, self.lr, self.m, self.seed = tuple(hidden_sizes), float(lr), int(m), int(seed)
        rng = np.random.default_rng(seed)
        self.X, self.Y = load(dataset, self.m, rng)
        params = init_params([2, *self.hidden_sizes, 1], rng, init=init, **INIT_HYPER[init])
        self.params = {k: self.scale * v if k[0] == "W" else v for k, v in params.items()}
        self.step, self.diverged = 0, False
        _, hist = train(self.params, self.X, self.Y, hidden=activation, steps=0)
        self.steps, self.losses, self.accuracies = [0], [float(hist.final_loss)], [float(hist.final_accuracy)]

    @property
    def loss(self):
        """The current training loss (float; ``nan`` after divergence)."""
        return self.losses[-1]

    def advance(self, steps=20):
        """Train ``steps`` more updates (nothing after a divergence); return the new loss."""
        check_positive(steps, "steps", integer=True)
        if self.diverged:
            return self.loss
        self.params, hist = train(self.params, self.X, self.Y, hidden=self.activation, lr=self.lr, steps=steps,
                                  record_every=steps, on_nonfinite="record")
        self.diverged = bool(hist.nonfinite_step >= 0) or not np.isfinite(hist.final_loss)
        self.step += steps
        self.steps.append(self.step)
        self.losses.append(float(hist.final_loss))
        self.accuracies.append(float(hist.final_accuracy))
        return self.loss

    def predict(self, grid):
        """Probability of class 1 at each point: ``grid`` of shape (2, n) -> ndarray of shape (1, n)."""
        with np.errstate(over="ignore", invalid="ignore"):
            return forward(self.params, grid, hidden=self.activation, output="sigmoid")[0]
