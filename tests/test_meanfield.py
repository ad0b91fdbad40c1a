"""nnlib.meanfield: closed forms, independent quadrature, properties, and wide random networks."""

import inspect

import numpy as np
import pytest
from scipy.integrate import quad

from nnlib import meanfield as mf
from nnlib.activations import ACTIVATIONS


def gauss(f, q):
    """E[f(√q z)] by scipy's adaptive quadrature: an independent reference for the trapezoid rule."""
    return quad(lambda z: f(np.sqrt(q) * z) * np.exp(-z * z / 2) / np.sqrt(2 * np.pi), -np.inf, np.inf,
                epsabs=1e-12, epsrel=1e-12, limit=400)[0]


def gauss2(f, g, q, c):
    """E[f(u1) g(u2)] for a bivariate normal (variances q, correlation c) by nested adaptive quadrature."""
    s = np.sqrt(1 - c * c)

    def inner(z1):
        return quad(lambda z2: g(np.sqrt(q) * (c * z1 + s * z2)) * np.exp(-z2 * z2 / 2), -12, 12,
                    epsabs=1e-12, limit=200)[0] / np.sqrt(2 * np.pi)

    return quad(lambda z1: f(np.sqrt(q) * z1) * inner(z1) * np.exp(-z1 * z1 / 2), -12, 12,
                epsabs=1e-11, limit=200)[0] / np.sqrt(2 * np.pi)


# --- closed forms -----------------------------------------------------------------------------------
@pytest.mark.parametrize("sigma_w, sigma_b", [(0.5, 0.0), (np.sqrt(2), 0.0), (1.3, 0.4), (2.5, 1.0)])
def test_relu_closed_forms(sigma_w, sigma_b):
    q = np.array([0.0, 0.3, 1.0, 7.0])
    np.testing.assert_allclose(mf.q_map(q, "relu", sigma_w, sigma_b), sigma_w**2 * q / 2 + sigma_b**2, rtol=1e-14)
    assert mf.chi1("relu", sigma_w, sigma_b) == pytest.approx(sigma_w**2 / 2, rel=1e-14)
    # q_map agrees with quadrature of the actual ReLU (kink at 0) to 1e-6
    relu = ACTIVATIONS["relu"].g
    assert mf.q_map(2.0, "relu", sigma_w, sigma_b) == pytest.approx(sigma_w**2 * gauss(lambda u: relu(u) ** 2, 2.0)
                                                                     + sigma_b**2, abs=1e-6)


def test_relu_fixed_points_and_he_is_the_degenerate_critical_point():
    assert mf.q_star("relu", 1.0, 0.5) == pytest.approx(0.25 / (1 - 0.5))
    assert mf.q_star("relu", 1.0, 0.0) == 0.0
    assert mf.q_star("relu", 1.6, 0.1) == np.inf
    assert np.isnan(mf.q_star("relu", np.sqrt(2), 0.0))  # He: every length is a fixed point
    assert mf.critical_sigma_w("relu", 0.0) == pytest.approx(np.sqrt(2))
    assert np.isnan(mf.critical_sigma_w("relu", 0.2))
    assert mf.xi_c("relu", np.sqrt(2), 0.0) == np.inf
    assert mf.xi_c("relu", 1.0, 0.3) == pytest.approx(-1 / np.log(0.5))


def test_relu_c_map_is_the_arc_cosine_kernel():
    relu = ACTIVATIONS["relu"].g
    for c in (-0.5, 0.2, 0.9):
        expected = gauss2(relu, relu, 1.0, c) / gauss(lambda u: relu(u) ** 2, 1.0)  # σ_b = 0: q cancels
        assert mf.c_map(c, "relu", np.sqrt(2), 0.0) == pytest.approx(expected, abs=1e-6)
    assert mf.c_map(1.0, "relu", 1.2, 0.3) == pytest.approx(1.0, abs=1e-14)


def test_linear_closed_forms():
    assert mf.q_map(2.0, "linear", 0.8, 0.3) == pytest.approx(0.64 * 2 + 0.09)
    assert mf.chi1("linear", 0.8, 0.3) == pytest.approx(0.64)
    assert mf.c_map(0.4, "linear", 1.0, 0.0) == pytest.approx(0.4)
    assert mf.critical_sigma_w("linear", 0.0) == 1.0


# --- quadrature against an independent reference ----------------------------------------------------
@pytest.mark.parametrize("activation", ["tanh", "sigmoid"])
@pytest.mark.parametrize("q", [1e-3, 0.5, 3.0, 40.0])
def test_one_dimensional_expectations_match_adaptive_quadrature(activation, q):
    act = ACTIVATIONS[activation]
    sigma_w, sigma_b = 1.7, 0.2
    expected = sigma_w**2 * gauss(lambda u: act.g(u) ** 2, q) + sigma_b**2
    assert mf.q_map(q, activation, sigma_w, sigma_b) == pytest.approx(expected, abs=1e-8)


@pytest.mark.parametrize("activation, sigma_w, sigma_b", [("tanh", 1.5, 0.3), ("tanh", 2.5, 0.05),
                                                          ("sigmoid", 4.0, 0.5)])
def test_chi1_and_c_map_match_adaptive_quadrature(activation, sigma_w, sigma_b):
    act = ACTIVATIONS[activation]
    q = mf.q_star(activation, sigma_w, sigma_b)
    assert mf.q_map(q, activation, sigma_w, sigma_b) == pytest.approx(q, abs=1e-10)
    assert mf.chi1(activation, sigma_w, sigma_b) == pytest.approx(
        sigma_w**2 * gauss(lambda u: act.g_prime(u) ** 2, q), abs=1e-8)
    c = 0.6
    expected = (sigma_w**2 * gauss2(act.g, act.g, q, c) + sigma_b**2) / q
    assert mf.c_map(c, activation, sigma_w, sigma_b) == pytest.approx(expected, abs=1e-6)


# --- properties ---------------------------------------------------------------------------------------
def test_tanh_edge_of_chaos_at_sigma_b_zero():
    assert mf.critical_sigma_w("tanh", 0.0) == 1.0
    assert mf.chi1("tanh", 0.9, 0.0) == pytest.approx(0.81)  # q* = 0: the linear regime
    assert mf.chi1("tanh", 5 / 3, 0.0) > 1.15  # the popular gain 5/3 is chaotic
    assert mf.c_star("tanh", 5 / 3, 0.0) == 0.0  # odd φ, no bias: distinct inputs decorrelate fully
    # the critical line found by root finding really has χ₁ = 1, and moves right as σ_b grows
    crit = [mf.critical_sigma_w("tanh", sb) for sb in (0.0, 0.1, 0.3, 0.6, 1.0)]
    assert np.all(np.diff(crit) > 0)
    for sb, sw in zip((0.1, 0.3, 0.6, 1.0), crit[1:], strict=True):
        assert mf.chi1("tanh", sw, sb) == pytest.approx(1.0, abs=1e-9)


@pytest.mark.parametrize("activation", ["tanh", "sigmoid"])
def test_monotonic_maps_and_phases(activation):
    sigma_b = 0.3
    qs = np.array([0.0, 0.1, 0.5, 2.0, 10.0])
    assert np.all(np.diff(mf.q_map(qs, activation, 1.5, sigma_b)) > 0)
    cs = np.linspace(-0.9, 1.0, 8)
    out = mf.c_map(cs, activation, 1.5 if activation == "tanh" else 6.0, sigma_b)
    assert np.all(np.diff(out) > 0) and out[-1] == pytest.approx(1.0, abs=1e-10)
    crit = mf.critical_sigma_w(activation, sigma_b)
    sws = crit * np.array([0.6, 0.8, 0.95, 1.05, 1.3, 1.8])
    chis = [mf.chi1(activation, s, sigma_b) for s in sws]
    assert np.all(np.diff(chis) > 0) and chis[2] < 1 < chis[3]
    cst = [mf.c_star(activation, s, sigma_b) for s in sws]
    assert cst[:3] == [1.0, 1.0, 1.0] and all(c < 1 for c in cst[3:])
    xis = [mf.xi_c(activation, s, sigma_b) for s in sws]
    assert xis[2] > xis[1] > xis[0] and xis[3] > xis[4] > xis[5]  # ξ_c peaks at the edge of chaos
    assert mf.xi_c(activation, crit, sigma_b) > 1e3
    xq, xc = mf.depth_scales(activation, sws[1], sigma_b)
    assert 0 < xq < xc  # lengths settle faster than correlations (Schoenholz et al. 2017)


def test_slope_of_c_map_at_one_is_chi1():
    for sw, sb in [(1.2, 0.2), (2.0, 0.5)]:
        h = 1e-4
        slope = (mf.c_map(1.0, "tanh", sw, sb) - mf.c_map(1.0 - h, "tanh", sw, sb)) / h
        assert slope == pytest.approx(mf.chi1("tanh", sw, sb), rel=2e-3)


def test_bad_inputs_are_named():
    with pytest.raises(ValueError, match="activation"):
        mf.chi1("swish", 1.0, 0.0)
    with pytest.raises(TypeError, match="activation"):
        mf.q_star(None, 1.0, 0.0)
    with pytest.raises(ValueError, match="sigma_w"):
        mf.q_map(1.0, "tanh", -1.0, 0.0)
    with pytest.raises(ValueError, match="sigma_b"):
        mf.chi1("tanh", 1.0, -0.1)
    with pytest.raises(TypeError, match="sigma_w"):
        mf.xi_c("tanh", "1", 0.0)
    with pytest.raises(ValueError, match="q"):
        mf.q_map(-1.0, "tanh", 1.0, 0.0)
    with pytest.raises(ValueError, match="c"):
        mf.c_map(1.5, "tanh", 1.0, 0.0)


# --- wide random networks -----------------------------------------------------------------------------
def layer(rng, A, sigma_w, sigma_b):
    n = A.shape[-2]
    W = sigma_w / np.sqrt(n) * rng.standard_normal((n, n))
    return W @ A + sigma_b * rng.standard_normal((n, 1)), W


@pytest.mark.parametrize("activation, sigma_w, sigma_b", [("tanh", 1.5, 0.3), ("tanh", 0.8, 0.1),
                                                          ("relu", 1.2, 0.4), ("sigmoid", 5.0, 0.5)])
def test_wide_random_networks_follow_the_maps(activation, sigma_w, sigma_b):
    """Width 1500, 8 seeds: one layer from two inputs of length q and correlation c; the seed-averaged
    length, correlation and gradient growth lie within 4 standard errors of the theory."""
    g, g_prime = ACTIVATIONS[activation].g, ACTIVATIONS[activation].g_prime
    n, q, c = 1500, 1.3, 0.5
    qs, cs, chis = [], [], []
    for seed in range(8):
        rng = np.random.default_rng(seed)
        z = rng.standard_normal((n, 2))
        Z = np.sqrt(q) * np.column_stack([z[:, 0], c * z[:, 0] + np.sqrt(1 - c * c) * z[:, 1]])
        Z1, W = layer(rng, g(Z), sigma_w, sigma_b)
        qs.append((Z1 * Z1).mean())
        cs.append((Z1[:, 0] @ Z1[:, 1]) / np.sqrt((Z1[:, 0] @ Z1[:, 0]) * (Z1[:, 1] @ Z1[:, 1])))
        # gradient growth per layer at the fixed point: ‖Wᵀ δ‖² / ‖δ‖² · mean φ′² → χ₁
        zs = np.sqrt(mf.q_star(activation, sigma_w, sigma_b) if activation != "relu" else 1.0) * rng.standard_normal(n)
        delta = rng.standard_normal(n)
        chis.append(np.sum((W.T @ delta * g_prime(zs)) ** 2) / np.sum(delta**2))
    # theory for the layer from (q, c): q_map gives the length; correlation from the 2-D expectation
    q1 = mf.q_map(q, activation, sigma_w, sigma_b)
    for measured, theory in [(qs, q1), (chis, mf.chi1(activation, sigma_w, sigma_b))]:
        se = np.std(measured, ddof=1) / np.sqrt(len(measured))
        assert abs(np.mean(measured) - theory) < 4 * se + 1e-3 * theory, (measured, theory)
    if activation == "relu":  # c_map at this q: the arc-cosine kernel with the bias term
        k = (np.sqrt(1 - c * c) + (np.pi - np.arccos(c)) * c) / np.pi
        c1 = (sigma_w**2 * q * k / 2 + sigma_b**2) / q1
    else:
        c1 = (sigma_w**2 * gauss2(g, g, q, c) + sigma_b**2) / q1
    se = np.std(cs, ddof=1) / np.sqrt(len(cs))
    assert abs(np.mean(cs) - c1) < 4 * se + 2e-3, (cs, c1)


def test_deep_wide_tanh_network_settles_at_q_star_and_c_star():
    """20 layers of width 1000, 4 seeds, chaotic tanh with a bias: measured q_L and c_L match q*, c*."""
    sigma_w, sigma_b, n = 2.0, 0.3, 1000
    qL, cL = [], []
    for seed in range(4):
        rng = np.random.default_rng(100 + seed)
        x = rng.standard_normal((n, 1))
        A = np.hstack([x, 0.95 * x + np.sqrt(1 - 0.95**2) * rng.standard_normal((n, 1))])
        for _ in range(20):
            Z, _ = layer(rng, A, sigma_w, sigma_b)
            A = np.tanh(Z)
        qL.append((Z * Z).mean())
        cL.append((Z[:, 0] @ Z[:, 1]) / np.linalg.norm(Z[:, 0]) / np.linalg.norm(Z[:, 1]))
    q, c = mf.q_star("tanh", sigma_w, sigma_b), mf.c_star("tanh", sigma_w, sigma_b)
    assert abs(np.mean(qL) - q) < 4 * np.std(qL, ddof=1) / 2 + 0.02 * q
    assert abs(np.mean(cL) - c) < 4 * np.std(cL, ddof=1) / 2 + 0.02


def test_names_and_argument_order_of_the_contract():
    expected = {"q_map": ["q", "activation", "sigma_w", "sigma_b"], "c_map": ["c", "activation", "sigma_w", "sigma_b"],
                "q_star": ["activation", "sigma_w", "sigma_b"], "c_star": ["activation", "sigma_w", "sigma_b"],
                "chi1": ["activation", "sigma_w", "sigma_b"], "xi_q": ["activation", "sigma_w", "sigma_b"],
                "xi_c": ["activation", "sigma_w", "sigma_b"], "depth_scales": ["activation", "sigma_w", "sigma_b"],
                "critical_sigma_w": ["activation", "sigma_b"]}
    for name, args in expected.items():
        assert list(inspect.signature(getattr(mf, name)).parameters) == args, name


# --- the Gaussian quadrature itself (nnlib.gaussian) ------------------------------------------------------
@pytest.mark.parametrize("q", [1e-3, 1.0, 30.0])
def test_gaussian_moments_are_exact_for_polynomials(q):
    """The trapezoid weights reproduce the N(0, q) moments E[u²] = q, E[u⁴] = 3q², E[u] = 0."""
    from nnlib.gaussian import Z_MAX, expect, nodes

    z, w = nodes(q)
    h = z[1] - z[0]
    assert w.sum() == pytest.approx(1.0, abs=1e-15) and z[0] == -Z_MAX and z[-1] > Z_MAX - h
    assert expect(lambda u: u, q) == pytest.approx(0.0, abs=1e-12 * max(1.0, q))
    assert expect(lambda u: u * u, q) == pytest.approx(q, rel=1e-10)
    assert expect(lambda u: u**4, q) == pytest.approx(3 * q * q, rel=1e-10)


@pytest.mark.parametrize("c", [-0.9, 0.0, 0.35, 1.0])
def test_gaussian_pair_has_the_requested_covariance(c):
    """E[u1 u2] = q c and E[u1² u2²] = q² (1 + 2c²) (Isserlis) for the correlated pair."""
    from nnlib.gaussian import expect2

    q = 2.5
    assert expect2(lambda u: u, lambda u: u, q, c) == pytest.approx(q * c, abs=1e-10)
    assert expect2(lambda u: u * u, lambda u: u * u, q, c) == pytest.approx(q * q * (1 + 2 * c * c), rel=1e-9)


# --- every branch against its formula: bias terms, degenerate fixed points, shapes and types ------------
def test_errors_name_the_argument_and_the_value():
    with pytest.raises(ValueError, match=r"^unknown activation 'swish'; valid names: \["):
        mf.chi1("swish", 1.0, 0.0)
    with pytest.raises(ValueError, match=r"^sigma_w must be finite and > 0, got -1.0$"):
        mf.q_map(1.0, "tanh", -1.0, 0.0)
    with pytest.raises(ValueError, match=r"^sigma_b must be finite and >= 0, got -0.1$"):
        mf.chi1("tanh", 1.0, -0.1)
    with pytest.raises(ValueError, match=r"^q_map: q must be finite and >= 0, got inf$"):
        mf.q_map(np.inf, "linear", 1.0, 0.0)
    with pytest.raises(ValueError, match=r"^c_map: c must lie in \[-1, 1\], got nan$"):
        mf.c_map(np.nan, "relu", 1.0, 0.0)


def test_relu_and_linear_c_maps_with_a_bias_match_their_formulas():
    relu = ACTIVATIONS["relu"].g
    sigma_w, sigma_b = 1.0, 0.5
    q = mf.q_star("relu", sigma_w, sigma_b)  # 0.5: finite, so σ_b² / q* enters
    cs = np.array([[-0.5, 0.3], [0.8, 1.0]])
    out = mf.c_map(cs, "relu", sigma_w, sigma_b)
    assert out.shape == cs.shape
    for c, got in zip(cs.ravel(), out.ravel(), strict=True):
        assert got == pytest.approx((sigma_w**2 * gauss2(relu, relu, q, c) + sigma_b**2) / q, abs=1e-6)
    sigma_w, sigma_b = 0.8, 0.3
    q = mf.q_star("linear", sigma_w, sigma_b)
    assert q == pytest.approx(sigma_b**2 / (1 - sigma_w**2), rel=1e-14)
    np.testing.assert_allclose(mf.c_map(cs, "linear", sigma_w, sigma_b), (sigma_w**2 * q * cs + sigma_b**2) / q,
                               rtol=1e-14)
    for activation in ("relu", "linear"):
        assert type(mf.c_map(0.3, activation, sigma_w, sigma_b)) is float
    # σ_b = 1 (q* = 2), and the two cases where σ_b² / q* drops out: q* = 0 (σ_b = 0) and q* = inf (chaotic)
    k = (np.sqrt(1 - cs**2) + (np.pi - np.arccos(cs)) * cs) / np.pi  # the arc-cosine kernel
    np.testing.assert_allclose(mf.c_map(cs, "relu", 1.0, 1.0), (0.5 * 2.0 * k + 1.0) / 2.0, rtol=1e-14)
    for sigma_w, sigma_b in [(1.0, 0.0), (2.0, 0.3)]:
        np.testing.assert_allclose(mf.c_map(cs, "relu", sigma_w, sigma_b), k, rtol=1e-14)


@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "relu", "linear"])
def test_maps_keep_the_shape_of_arrays_and_give_floats_for_scalars(activation):
    qs = np.array([[0.0, 0.5], [2.0, 9.0]])
    expected = [mf.q_map(float(q), activation, 1.3, 0.2) for q in qs.ravel()]
    out = mf.q_map(qs, activation, 1.3, 0.2)
    assert out.shape == qs.shape and out.dtype == np.float64
    np.testing.assert_allclose(out.ravel(), expected, rtol=1e-15)
    assert np.ndim(expected[0]) == 0 and isinstance(expected[0], float)
    # integer input and integer parameters still give float64
    assert mf.q_map(np.arange(3), activation, 1, 0).dtype == np.float64


def test_at_q_star_zero_the_correlation_map_is_the_identity():
    # tanh, σ_b = 0, σ_w ≤ 1: q* = 0, lengths shrink into tanh's linear part, correlations are kept
    assert mf.q_star("tanh", 0.8, 0.0) == 0.0
    assert mf.c_map(0.3, "tanh", 0.8, 0.0) == 0.3 and isinstance(mf.c_map(0.3, "tanh", 0.8, 0.0), float)
    cs = np.array([[0, 1], [-1, 0]])
    out = mf.c_map(cs, "tanh", 0.8, 0.0)
    assert out.dtype == np.float64 and np.array_equal(out, cs)
    assert mf.c_star("tanh", 0.8, 0.0) == 1.0  # the documented value on this degenerate line


@pytest.mark.parametrize("activation, sigma_w, sigma_b", [
    ("tanh", 1.5, 0.3), ("tanh", 1.5, 3.0), ("tanh", 0.5, 1e-4), ("sigmoid", 0.1, 0.1), ("sigmoid", 0.1, 0.5),
    ("sigmoid", 2.0, 3.0), ("linear", 0.9, 1.0), ("relu", 1.0, 0.5)])
def test_q_star_is_a_fixed_point_of_q_map(activation, sigma_w, sigma_b):
    # small and large σ_w and σ_b: the root finder's bracket must hold the root, whatever the scales
    q = mf.q_star(activation, sigma_w, sigma_b)
    assert 0 < q < np.inf
    assert mf.q_map(q, activation, sigma_w, sigma_b) == pytest.approx(q, rel=1e-12)
    if sigma_b < 1e-3:  # q* ≈ 1e-8: tanh is linear there, so q* = σ_b² / (1 − σ_w²) to 1e-6, not to brentq's 2e-12
        assert q == pytest.approx(sigma_b**2 / (1 - sigma_w**2), rel=1e-6)


def test_linear_and_relu_at_and_beyond_the_edge_of_chaos():
    assert mf.q_star("linear", 1.5, 0.3) == np.inf and mf.q_star("linear", 1.0, 0.2) == np.inf
    assert np.isnan(mf.q_star("linear", 1.0, 0.0))
    assert mf.q_star("relu", np.sqrt(2), 0.1) == np.inf  # σ_w² = 2 with a bias: the length grows without bound
    assert mf.chi1("linear", 1.5, 0.3) == pytest.approx(2.25, rel=1e-15)
    assert mf.c_star("linear", 1.5, 0.3) == 1.0 and mf.c_star("relu", 2.0, 0.3) == 1.0
    assert mf.xi_c("linear", 1.5, 0.3) == np.inf
    assert mf.xi_c("linear", 0.8, 0.0) == pytest.approx(-1 / np.log(0.64), rel=1e-14)
    assert mf.xi_c("relu", 1.0, 0.0) == np.inf  # σ_b = 0: correlations approach 1 only polynomially


@pytest.mark.parametrize("activation, sigma_w, sigma_b", [("tanh", 1.5, 0.3), ("sigmoid", 4.0, 0.5),
                                                          ("tanh", 0.7, 0.2)])
def test_xi_q_is_minus_one_over_the_log_of_the_length_maps_slope(activation, sigma_w, sigma_b):
    q = mf.q_star(activation, sigma_w, sigma_b)
    h = 1e-5 * q
    slope = (mf.q_map(q + h, activation, sigma_w, sigma_b) - mf.q_map(q - h, activation, sigma_w, sigma_b)) / (2 * h)
    assert mf.xi_q(activation, sigma_w, sigma_b) == pytest.approx(-1 / np.log(slope), rel=1e-5)


def test_xi_q_closed_forms_and_divergence():
    assert mf.xi_q("relu", 1.0, 0.3) == pytest.approx(-1 / np.log(0.5), rel=1e-14)
    assert mf.xi_q("linear", 0.8, 0.3) == pytest.approx(-1 / np.log(0.64), rel=1e-14)
    assert mf.xi_q("relu", 1.8, 0.3) == np.inf and mf.xi_q("linear", 1.2, 0.0) == np.inf  # lengths grow
    assert mf.xi_q("tanh", 1.0, 0.0) == np.inf  # q* = 0 at σ_w = 1: χ_q = 1


def test_c_star_right_past_the_edge_of_chaos():
    crit = mf.critical_sigma_w("tanh", 0.3)
    c = mf.c_star("tanh", crit + 1e-4, 0.3)  # chaotic, but c* within 1e-3 of 1
    assert 1e-5 < 1 - c < 1e-2
    assert mf.c_map(c, "tanh", crit + 1e-4, 0.3) == pytest.approx(c, abs=1e-10)
    # so close to the edge that no bracket below 1 - 1e-9 holds a root: c* is 1 to that precision, never above
    assert 1 - 1e-6 < mf.c_star("sigmoid", mf.critical_sigma_w("sigmoid", 0.3) + 1e-12, 0.3) <= 1.0


@pytest.mark.parametrize("q", [1e-3, 1.0, 30.0])
def test_gaussian_nodes_stay_inside_the_range_with_the_documented_step(q):
    from nnlib.gaussian import Z_MAX, nodes

    z, w = nodes(q)
    h = 0.25 / max(1.0, np.sqrt(q))
    assert z[0] == -Z_MAX and Z_MAX - h < z[-1] <= Z_MAX + 1e-12  # no node beyond the range
    np.testing.assert_allclose(np.diff(z), h, rtol=1e-9)
    if q <= 1:  # h = 0.25 divides the range: the grid and its weights are symmetric about 0
        np.testing.assert_allclose(z, -z[::-1], atol=1e-12)
        np.testing.assert_allclose(w, w[::-1], rtol=1e-12)
