"""Mean-field theory of wide random networks: the order/chaos phase diagram and its depth scales.

A layer ``z_l = W_l φ(z_{l-1}) + b_l`` with ``W_ij ~ N(0, σ_w²/n_{l-1})`` and ``b_i ~ N(0, σ_b²)``
has, as the widths grow, Gaussian pre-activations whose statistics follow deterministic maps
(Poole et al. 2016, "Exponential expressivity in deep neural networks through transient chaos";
Schoenholz et al. 2017, "Deep information propagation"). With ``z, z1, z2`` independent N(0, 1)
and ``u1 = √q z1``, ``u2 = √q (c z1 + √(1 − c²) z2)``:

    length        q_{l+1} = σ_w² E[φ(√q_l z)²] + σ_b²                       (q_map, fixed point q*)
    correlation   c_{l+1} = (σ_w² E[φ(u1) φ(u2)] + σ_b²) / q*   at q = q*   (c_map, fixed point c*)
    slope at c=1  χ₁ = σ_w² E[φ′(√q* z)²]                                    (chi1; also the growth of
                                                                             ‖∂/∂z‖² per square layer)
    depth scales  ξ_q = −1 / ln(χ₁ + σ_w² E[φ″ φ]),   ξ_c = −1 / ln(σ_w² E[φ′(u1) φ′(u2)])  at c*

χ₁ < 1 is the *ordered* phase (every input pair becomes perfectly correlated, gradients vanish),
χ₁ > 1 the *chaotic* one (nearby inputs decorrelate, gradients explode); χ₁ = 1 is the *edge of
chaos*, where ξ_c diverges and arbitrarily deep networks can be trained (Schoenholz et al.).
Degenerate corner: for an odd φ (tanh) with ``σ_b = 0`` and ``σ_w ≤ 1`` the length fixed point is
``q* = 0``; the signal shrinks into φ's linear part, where the correlation map tends to the identity,
so correlations are frozen rather than driven to 1 (the ``c* = 1`` and ``ξ_c`` returned there are
the values of the formulas, not a prediction that correlations converge).

Gaussian expectations of tanh and sigmoid use the trapezoidal rule of :mod:`nnlib.gaussian`
(error < 1e-9 here); ReLU and linear have closed forms (ReLU's correlation map is the arc-cosine
kernel of Cho & Saul 2009), so the kink needs no quadrature. Every function takes scalar
``sigma_w > 0, sigma_b ≥ 0``.

(Longer than nnlib's other modules, on purpose: the two maps, their fixed points, the slope χ₁ and
the depth scales are one theory, and each docstring states its formula next to the others, as the
table above does; split up, a reader would have to assemble the equations from several files.)
"""

import numpy as np
from scipy.optimize import brentq

from .activations import ACTIVATIONS
from .checks import check_name, check_positive
from .gaussian import expect, expect2

_PHI2 = {  # second derivatives φ″, needed only for ξ_q (ReLU and linear: 0 where it matters)
    "tanh": lambda u: -2.0 * np.tanh(u) * (1.0 - np.tanh(u) ** 2),
    "sigmoid": lambda u: ACTIVATIONS["sigmoid"].g_prime(u) * (1.0 - 2.0 * ACTIVATIONS["sigmoid"].g(u)),
}


def _check(activation, sigma_w, sigma_b):
    check_name(activation, ACTIVATIONS, "activation")
    check_positive(sigma_w, "sigma_w")
    check_positive(sigma_b, "sigma_b", allow_zero=True)
    return ACTIVATIONS[activation]


def _gain(activation, sigma_w):
    """The exact slope of the length map for ReLU (σ_w²/2) and linear (σ_w²)."""
    return sigma_w**2 / 2 if activation == "relu" else sigma_w**2


def _each(x, func):
    x = np.asarray(x, dtype=np.float64)
    out = np.array([func(float(v)) for v in x.ravel()])
    return out.reshape(x.shape) if x.ndim else float(out[0])


def q_map(q, activation, sigma_w, sigma_b):
    """Length map: ``q′ = σ_w² E[φ(√q z)²] + σ_b²``, the next layer's pre-activation variance.

    Parameters
    ----------
    q : float or ndarray of any shape, ≥ 0
        Variance of the pre-activations ``z_l`` (over units, for one input).
    activation : {"tanh", "relu", "sigmoid", "linear"}
    sigma_w : float > 0
        Weight scale: ``Var(W_ij) = σ_w² / fan_in``.
    sigma_b : float ≥ 0
        Bias standard deviation.

    Returns
    -------
    q_next : float or ndarray of the shape of ``q``
        ReLU: ``σ_w² q / 2 + σ_b²``; linear: ``σ_w² q + σ_b²``.
    """
    act = _check(activation, sigma_w, sigma_b)
    if np.any(~np.isfinite(q)) or np.any(np.asarray(q) < 0):
        raise ValueError(f"q_map: q must be finite and >= 0, got {q!r}")
    if activation in ("relu", "linear"):
        return _gain(activation, sigma_w) * np.asarray(q, dtype=np.float64) + sigma_b**2
    return _each(q, lambda v: sigma_w**2 * expect(lambda u: act.g(u) ** 2, v) + sigma_b**2)


def q_star(activation, sigma_w, sigma_b):
    """Fixed point ``q*`` of :func:`q_map` (the length every input's pre-activations settle to).

    Returns
    -------
    q_star : float
        ``0`` for odd φ with ``σ_b = 0`` in the ordered phase; ``inf`` when lengths grow without
        bound (ReLU with ``σ_w² > 2``, or ``σ_w² = 2`` and ``σ_b > 0``; linear with ``σ_w ≥ 1``
        likewise); ``nan`` where every ``q`` is a fixed point (ReLU at ``σ_w² = 2, σ_b = 0``, i.e.
        He initialisation; linear at ``σ_w = 1, σ_b = 0``). tanh and sigmoid are bounded, so q* is
        finite: the root of ``q_map(q) − q`` on ``(0, σ_w² + σ_b²]``.
    """
    _check(activation, sigma_w, sigma_b)
    if activation in ("relu", "linear"):
        g = _gain(activation, sigma_w)
        if abs(g - 1.0) <= 1e-12:
            return np.nan if sigma_b == 0 else np.inf
        return sigma_b**2 / (1.0 - g) if g < 1 else np.inf
    hi = sigma_w**2 + sigma_b**2  # |φ| ≤ 1, so q_map(q) ≤ hi for every q
    f = lambda q: q_map(q, activation, sigma_w, sigma_b) - q  # noqa: E731
    lo = 1e-12
    if f(lo) <= 0:  # only q = 0 attracts (tanh, σ_b = 0, σ_w ≤ 1)
        return 0.0
    return brentq(f, lo, hi, xtol=1e-14, rtol=1e-13)


def c_map(c, activation, sigma_w, sigma_b):
    """Correlation map at the fixed length: ``c′ = (σ_w² E[φ(u1) φ(u2)] + σ_b²) / q*``.

    Two inputs whose pre-activations have length q* and correlation ``c`` have correlation ``c′``
    one layer later. ReLU: ``E[φ(u1) φ(u2)] = q k(c) / 2`` with ``k(c) = (√(1 − c²) + (π − arccos c) c) / π``;
    where ``q* = inf`` the limit ``σ_b² / q* → 0`` is taken.

    Parameters
    ----------
    c : float or ndarray of any shape, in [−1, 1]

    Returns
    -------
    c_next : float or ndarray of the shape of ``c``
    """
    act = _check(activation, sigma_w, sigma_b)
    c_arr = np.asarray(c, dtype=np.float64)
    if np.any(~np.isfinite(c_arr)) or np.any(np.abs(c_arr) > 1):
        raise ValueError(f"c_map: c must lie in [-1, 1], got {c!r}")
    q = q_star(activation, sigma_w, sigma_b)
    if activation in ("relu", "linear"):
        r = 0.0 if sigma_b == 0 or not np.isfinite(q) else sigma_b**2 / q  # σ_b² / q*
        g = _gain(activation, sigma_w)
        k = c_arr
        if activation == "relu":
            k = (np.sqrt(np.clip(1.0 - c_arr**2, 0, None)) + (np.pi - np.arccos(c_arr)) * c_arr) / np.pi
        out = (g * k + r) / (g + r)
        return out if out.ndim else float(out)
    if q == 0:  # lengths shrink to 0 like σ_w^(2l), where φ is linear: correlations are kept
        return c_arr.copy() if c_arr.ndim else float(c)
    return _each(c, lambda v: (sigma_w**2 * expect2(act.g, act.g, q, v) + sigma_b**2) / q)


def chi1(activation, sigma_w, sigma_b):
    """``χ₁ = σ_w² E[φ′(√q* z)²]``: slope of :func:`c_map` at ``c = 1`` and per-layer growth of ‖gradient‖².

    Returns
    -------
    chi1 : float
        ReLU: ``σ_w² / 2`` (whatever σ_b); linear: ``σ_w²``.
    """
    act = _check(activation, sigma_w, sigma_b)
    if activation in ("relu", "linear"):
        return _gain(activation, sigma_w)
    return sigma_w**2 * expect(lambda u: act.g_prime(u) ** 2, q_star(activation, sigma_w, sigma_b))


def c_star(activation, sigma_w, sigma_b):
    """Attracting fixed point ``c*`` of :func:`c_map`: 1 in the ordered phase (χ₁ ≤ 1), below 1 when chaotic.

    At ``q* = 0`` (odd φ, ``σ_b = 0``, ``σ_w ≤ 1``) the map degenerates to the identity and the
    returned 1 is the value on the critical line, not an attractor (see the module docstring).
    """
    _check(activation, sigma_w, sigma_b)
    if chi1(activation, sigma_w, sigma_b) <= 1 or activation in ("relu", "linear"):
        return 1.0  # ReLU/linear with χ₁ > 1 have no fixed length; their limiting maps keep c* = 1
    f = lambda c: c_map(c, activation, sigma_w, sigma_b) - c  # noqa: E731
    if f(0.0) <= 1e-15:  # odd φ, σ_b = 0: c = 0 attracts
        return 0.0
    for eps in 10.0 ** -np.arange(3, 10):
        if f(1.0 - eps) < 0:
            return brentq(f, 0.0, 1.0 - eps, xtol=1e-13)
    return 1.0


def xi_q(activation, sigma_w, sigma_b):
    """Length depth scale ``ξ_q = −1 / ln χ_q``, ``χ_q = χ₁ + σ_w² E[φ″(√q* z) φ(√q* z)] = dq_map/dq`` at q*.

    ``|q_l − q*| ~ exp(−l / ξ_q)``. Returns ``inf`` where ``χ_q ≥ 1`` (no exponential approach).
    """
    act = _check(activation, sigma_w, sigma_b)
    chi_q = chi1(activation, sigma_w, sigma_b)
    if activation in ("tanh", "sigmoid"):
        q = q_star(activation, sigma_w, sigma_b)
        chi_q += sigma_w**2 * expect(lambda u: _PHI2[activation](u) * act.g(u), q)
    return -1.0 / np.log(chi_q) if chi_q < 1 - 1e-12 else np.inf


def xi_c(activation, sigma_w, sigma_b):
    """Correlation depth scale ``ξ_c = −1 / ln χ_c``, ``χ_c = σ_w² E[φ′(u1) φ′(u2)]`` at (q*, c*).

    ``|c_l − c*| ~ exp(−l / ξ_c)``; in the ordered phase ``χ_c = χ₁`` (except at ``q* = 0``, where
    correlations are frozen and ``ξ_c`` describes no decay). Diverges (``inf``) at the
    edge of chaos and for ReLU at ``σ_b = 0``, whose correlations approach 1 only polynomially.
    Schoenholz et al. (2017) find networks trainable up to a depth of about 6 ξ_c.
    """
    act = _check(activation, sigma_w, sigma_b)
    if activation in ("relu", "linear"):
        chi_c = _gain(activation, sigma_w)
        if activation == "relu" and (sigma_b == 0 or chi_c >= 1):
            chi_c = 1.0
    else:
        c = c_star(activation, sigma_w, sigma_b)
        q = q_star(activation, sigma_w, sigma_b)
        chi_c = sigma_w**2 * expect2(act.g_prime, act.g_prime, q, c)
    return -1.0 / np.log(chi_c) if chi_c < 1 - 1e-12 else np.inf  # 1 − 1e-12: χ_c = 1 up to rounding


def depth_scales(activation, sigma_w, sigma_b):
    """``(ξ_q, ξ_c)``, see :func:`xi_q` and :func:`xi_c`."""
    return xi_q(activation, sigma_w, sigma_b), xi_c(activation, sigma_w, sigma_b)


def critical_sigma_w(activation, sigma_b):
    """The weight scale on the edge of chaos, where ``χ₁(σ_w, σ_b) = 1``.

    Returns
    -------
    sigma_w : float
        tanh: 1 at ``σ_b = 0``, growing with σ_b. ReLU: √2 (He) at ``σ_b = 0`` and ``nan`` for
        ``σ_b > 0`` (χ₁ = 1 only where the length diverges: the critical line degenerates to a
        point). Linear: 1 at ``σ_b = 0``, else ``nan``.
    """
    _check(activation, 1.0, sigma_b)
    if activation in ("relu", "linear"):
        return (np.sqrt(2.0) if activation == "relu" else 1.0) if sigma_b == 0 else np.nan
    if activation == "tanh" and sigma_b == 0:
        return 1.0  # q* = 0 up to σ_w = 1, so χ₁ = σ_w² there; beyond, χ₁ − 1 grows only quadratically
    f = lambda s: chi1(activation, s, sigma_b) - 1.0  # noqa: E731
    lo = 0.5 if activation == "tanh" else 2.0  # χ₁ ≤ σ_w² max φ′²: below 1 there
    hi = 2 * lo
    while f(hi) <= 0:
        hi *= 2
        if hi > 1e4:
            raise ValueError(f"critical_sigma_w: no critical point below sigma_w = 1e4 for sigma_b = {sigma_b}")
    return brentq(f, lo, hi, xtol=1e-12)
