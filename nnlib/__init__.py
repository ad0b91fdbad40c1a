"""nnlib — the small numpy neural-network library behind the *Breaking Symmetry* course.

Conventions (used everywhere in the course):

* column-major data: ``X`` is ``(n_x, m)``, ``Y`` is ``(n_y, m)``, ``W[l]`` is ``(n_l, n_{l-1})``,
  ``b[l]`` is ``(n_l, 1)`` and ``Z = W @ A_prev + b``;
* stacked networks: every parameter may carry a leading axis of ``K`` independent networks;
* randomness comes from an explicit ``rng: numpy.random.Generator``;
* float64 throughout.
"""

__version__ = "0.1.0"
