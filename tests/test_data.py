"""Properties of nnlib.data: shapes, labels, determinism, geometry at zero noise, splits and errors."""

import math

import numpy as np
import pytest
import scipy.stats

from nnlib import data

BINARY = ["circles", "moons", "spirals", "xor"]


def rng(seed=0):
    return np.random.default_rng(seed)


# --- shapes, labels, determinism ------------------------------------------------------------------

@pytest.mark.parametrize("name", BINARY)
@pytest.mark.parametrize("m", [2, 7, 200])
def test_binary_shapes_labels_and_balance(name, m):
    X, Y = data.load(name, m, rng())
    assert X.shape == (2, m) and Y.shape == (1, m)
    assert X.dtype == np.float64 and Y.dtype == np.float64
    assert set(np.unique(Y)) <= {0.0, 1.0}
    assert Y.sum() == m // 2  # class 1 gets m//2, class 0 the rest (one more when m is odd)
    assert np.all(np.isfinite(X))


@pytest.mark.parametrize("name", list(data.DATASETS))
def test_same_seed_same_arrays_different_seed_different(name):
    X1, Y1 = data.load(name, 100, rng(3))
    X2, Y2 = data.load(name, 100, rng(3))
    X3, Y3 = data.load(name, 100, rng(4))
    assert np.array_equal(X1, X2) and np.array_equal(Y1, Y2)
    assert not np.array_equal(X1, X3)
    assert not np.array_equal(Y1, Y3)  # the column order is random too


@pytest.mark.parametrize("name", list(data.DATASETS))
def test_columns_are_shuffled(name):
    _, Y = data.load(name, 400, rng())
    first_half = Y[:, :200].sum(axis=-1)
    # sorted classes would put (almost) all of one class in the first half
    assert np.all(first_half > 0.25 * Y.sum(axis=-1))
    assert np.all(first_half < 0.75 * Y.sum(axis=-1))


# --- geometry at zero noise: each set is separable by a known rule --------------------------------

@pytest.mark.parametrize("factor", [0.2, 0.5, 0.8])
def test_circles_radii(factor):
    X, Y = data.circles(300, rng(), noise=0.0, factor=factor)
    r = np.linalg.norm(X, axis=0)
    outer, inner = r[Y[0] == 0], r[Y[0] == 1]
    np.testing.assert_allclose(outer, 1.0)
    np.testing.assert_allclose(inner.mean() / outer.mean(), factor)


def test_circles_noise_spreads_radii():
    X, _ = data.circles(2000, rng(), noise=0.1)
    assert np.linalg.norm(X, axis=0).std() > 0.05


def test_moons_lie_on_their_half_circles():
    X, Y = data.moons(300, rng(), noise=0.0)
    d0 = np.abs(np.linalg.norm(X, axis=0) - 1)
    d1 = np.abs(np.linalg.norm(X - np.array([[1.0], [0.5]]), axis=0) - 1)
    predicted = (d1 < d0).astype(float)
    assert np.array_equal(predicted, Y[0])
    assert np.all(X[1, Y[0] == 0] >= 0) and np.all(X[1, Y[0] == 1] <= 0.5)


def test_xor_labels_are_sign_products():
    X, Y = data.xor(500, rng(), noise=0.0)
    assert np.all(np.abs(X) <= 1)
    assert np.array_equal((X[0] * X[1] > 0).astype(float), Y[0])


@pytest.mark.parametrize("turns", [0.5, 1.5, 3.0])
def test_spirals_are_half_a_turn_apart(turns):
    X, Y = data.spirals(300, rng(), noise=0.0, turns=turns)
    r = np.linalg.norm(X, axis=0)
    assert np.all(r <= 1)
    # on arm c the angle is 2*pi*turns*r + c*pi (mod 2*pi)
    residual = np.arctan2(X[1], X[0]) - 2 * np.pi * turns * r - np.pi * Y[0]
    np.testing.assert_allclose(np.cos(residual), 1.0, atol=1e-9)


@pytest.mark.parametrize("centers", [2, 3, 5])
def test_blobs_one_hot_balanced_and_clustered(centers):
    m = 3 * centers + 1
    X, Y = data.blobs(m, rng(), centers=centers, std=0.0)
    assert X.shape == (2, m) and Y.shape == (centers, m) and Y.dtype == np.float64
    assert np.array_equal(Y.sum(axis=0), np.ones(m))
    sizes = Y.sum(axis=-1)
    assert sizes.sum() == m and sizes.max() - sizes.min() <= 1
    # with std=0 every point sits on its centre, and different classes on different centres
    centres = (X @ Y.swapaxes(-1, -2)) / sizes
    np.testing.assert_allclose(X, centres @ Y)
    np.testing.assert_allclose(np.linalg.norm(centres, axis=0), 4.0)


# --- the randomness: uniform positions, independent Gaussian noise with the documented defaults -------

def uniform_p(sample, low, high):
    """Kolmogorov-Smirnov p-value of ``sample`` against U[low, high]."""
    return scipy.stats.kstest(sample, "uniform", args=(low, high - low)).pvalue


def test_zero_noise_positions_are_uniform_where_the_docstrings_say():
    n = 4000  # 2000 per class: a missing arc, a doubled half-turn or a constant draw gives p < 1e-20
    X, Y = data.circles(n, rng(1), noise=0.0)
    for c in (0, 1):  # the angle on each ring is uniform on [0, 2 pi)
        assert uniform_p(np.mod(np.arctan2(X[1], X[0])[Y[0] == c], 2 * np.pi), 0, 2 * np.pi) > 1e-3
    X, Y = data.moons(n, rng(1), noise=0.0)
    up, down = X[:, Y[0] == 0], X[:, Y[0] == 1] - np.array([[1.0], [0.5]])
    assert uniform_p(np.arctan2(up[1], up[0]), 0, np.pi) > 1e-3  # upper half circle around (0, 0)
    assert uniform_p(np.arctan2(-down[1], down[0]), 0, np.pi) > 1e-3  # lower half circle around (1, 0.5)
    X, Y = data.spirals(n, rng(1), noise=0.0)
    for c in (0, 1):  # the radius grows uniformly from 0 to 1 along each arm
        assert uniform_p(np.linalg.norm(X[:, Y[0] == c], axis=0), 0, 1) > 1e-3
    X, Y = data.xor(n, rng(1), noise=0.0)
    for c in (0, 1):  # each coordinate uniform on [-1, 1] within each class (two quadrants each)
        for i in (0, 1):
            assert uniform_p(X[i, Y[0] == c], -1, 1) > 1e-3


def check_standard_gaussian_noise(E):
    """Entries of ``E`` (2, n) look like independent N(0, 1) draws: mean, std, kurtosis, no correlation."""
    n = E.shape[-1]
    assert np.all(np.abs(E.mean(axis=-1)) < 5 / math.sqrt(n))
    assert np.all(np.abs(E.std(axis=-1) - 1) < 5 / math.sqrt(2 * n))
    assert np.all(np.abs(scipy.stats.kurtosis(E, axis=-1, fisher=False) - 3) < 5 * math.sqrt(24 / n))
    if E.shape[0] == 2:
        assert abs(np.corrcoef(E)[0, 1]) < 5 / math.sqrt(n)


@pytest.mark.parametrize(("name", "hyper", "default"),
                         [("circles", "noise", 0.1), ("moons", "noise", 0.1), ("xor", "noise", 0.1),
                          ("blobs", "std", 1.0)])
def test_default_noise_is_independent_gaussian_per_coordinate(name, hyper, default):
    # the noise scale does not change which numbers are drawn, so with the same seed X - X(noise=0) is the noise
    X0, Y0 = data.load(name, 4000, rng(2), **{hyper: 0.0})
    X, Y = data.load(name, 4000, rng(2))
    assert np.array_equal(Y, Y0)
    check_standard_gaussian_noise((X - X0) / default)


def test_spirals_default_noise_is_gaussian_on_the_angle_only_and_default_turns_is_one_and_a_half():
    X0, Y0 = data.spirals(4000, rng(2), noise=0.0)
    X, Y = data.spirals(4000, rng(2))
    assert np.array_equal(Y, Y0)
    np.testing.assert_allclose(np.linalg.norm(X, axis=0), np.linalg.norm(X0, axis=0), rtol=1e-12)
    dtheta = np.angle(np.exp(1j * (np.arctan2(X[1], X[0]) - np.arctan2(X0[1], X0[0]))))  # wrapped to (-pi, pi]
    check_standard_gaussian_noise(dtheta[None, :] / 0.2)
    residual = np.arctan2(X0[1], X0[0]) - 2 * np.pi * 1.5 * np.linalg.norm(X0, axis=0) - np.pi * Y0[0]
    np.testing.assert_allclose(np.cos(residual), 1.0, atol=1e-9)


def test_blobs_default_has_three_centres():
    _, Y = data.blobs(30, rng())
    assert Y.shape == (3, 30) and np.array_equal(Y.sum(axis=-1), [10, 10, 10])


# --- digits ---------------------------------------------------------------------------------------

def test_digits_shapes_and_range():
    X, Y = data.digits()
    assert X.shape == (64, 1797) and Y.shape == (10, 1797)
    assert X.dtype == np.float64 and Y.dtype == np.float64
    assert X.min() == 0.0 and X.max() == 1.0
    assert np.array_equal(Y.sum(axis=0), np.ones(1797))


def test_digits_equals_scikit_learn():
    datasets = pytest.importorskip("sklearn.datasets")
    reference = datasets.load_digits()
    X, Y = data.digits()
    np.testing.assert_array_equal(X, reference.data.swapaxes(-1, -2) / 16.0)
    np.testing.assert_array_equal(Y.argmax(axis=0), reference.target)


@pytest.mark.parametrize("n_classes", [2, 3, 10])
def test_digits_subset(n_classes):
    X_all, Y_all = data.digits()
    X, Y = data.digits(n_classes=n_classes)
    keep = Y_all.argmax(axis=0) < n_classes
    assert np.array_equal(X, X_all[:, keep])
    if n_classes == 2:
        assert Y.shape == (1, keep.sum())
        assert np.array_equal(Y[0], Y_all[1, keep])
    else:
        assert np.array_equal(Y, Y_all[:n_classes, keep])


# --- split ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("test", "n_test"), [(25, 25), (0.2, 20), (0.333, 33), (1, 1), (99, 99)])
def test_split_sizes_and_partition(test, n_test):
    X = np.stack([np.arange(100.0), -np.arange(100.0)])  # column j is identified by X[0, j] = j
    Y = np.arange(100.0)[None, :] * 10
    X_tr, Y_tr, X_te, Y_te = data.split(X, Y, test, rng())
    assert X_te.shape == (2, n_test) and Y_te.shape == (1, n_test)
    assert X_tr.shape == (2, 100 - n_test) and Y_tr.shape == (1, 100 - n_test)
    ids = np.concatenate([X_tr[0], X_te[0]])
    assert np.array_equal(np.sort(ids), np.arange(100.0))  # a partition of the columns
    assert np.array_equal(Y_tr[0], 10 * X_tr[0]) and np.array_equal(X_te[1], -X_te[0])  # pairs kept


def test_split_is_deterministic_and_random():
    X, Y = data.moons(50, rng())
    a = data.split(X, Y, 10, rng(1))
    b = data.split(X, Y, 10, rng(1))
    c = data.split(X, Y, 10, rng(2))
    assert all(np.array_equal(u, v) for u, v in zip(a, b, strict=True))
    assert not np.array_equal(a[2], c[2])


# --- bad inputs: the right error, naming the argument ---------------------------------------------

SPLIT = (np.zeros((2, 10)), np.zeros((1, 10)))
BAD = [
    (lambda: data.circles(100, None), TypeError, "^circles: rng must be a numpy.random.Generator, got NoneType"),
    (lambda: data.moons(100, np.random.RandomState(0)), TypeError, "^moons: rng must be.*default_rng"),
    (lambda: data.spirals(100, 1), TypeError, "^spirals: rng must be"),
    (lambda: data.xor(100, 0), TypeError, "^xor: rng must be"),
    (lambda: data.blobs(100, 0), TypeError, "^blobs: rng must be"),
    (lambda: data.circles(0, rng()), ValueError, "^m must be an integer >= 2, got 0"),
    (lambda: data.moons(1, rng()), ValueError, "^m must"),
    (lambda: data.spirals(2.5, rng()), TypeError, "^m must"),
    (lambda: data.xor(True, rng()), TypeError, "^m must"),
    (lambda: data.circles(100, rng(), noise=-0.1), ValueError, "^noise must be finite and >= 0, got -0.1"),
    (lambda: data.moons(100, rng(), noise=-0.1), ValueError, "^noise must be finite and >= 0, got -0.1"),
    (lambda: data.spirals(100, rng(), noise=-0.1), ValueError, "^noise must be finite and >= 0, got -0.1"),
    (lambda: data.xor(100, rng(), noise=-0.1), ValueError, "^noise must be finite and >= 0, got -0.1"),
    (lambda: data.moons(100, rng(), noise=np.nan), ValueError, "^noise must be finite"),
    (lambda: data.xor(100, rng(), noise="big"), TypeError, "^noise must be a real number"),
    (lambda: data.circles(100, rng(), factor=1.0), ValueError, "^factor must be finite and > 0 and < 1, got 1.0"),
    (lambda: data.circles(100, rng(), factor=0), ValueError, "^factor must be finite and > 0"),
    (lambda: data.spirals(100, rng(), turns=0), ValueError, "^turns must be finite and > 0, got 0"),
    (lambda: data.blobs(100, rng(), centers=1), ValueError, "^centers must be an integer >= 2, got 1"),
    (lambda: data.blobs(2, rng(), centers=3), ValueError, "^m must be an integer >= 3, got 2"),
    (lambda: data.blobs(100, rng(), std=-1), ValueError, "^std must be finite and >= 0, got -1"),
    (lambda: data.load("spiral", 100, rng()), ValueError,
     r"^unknown dataset 'spiral'; name must be one of the valid names: \[.*'spirals'"),
    (lambda: data.load("moons", 100, rng(), factor=0.5), TypeError, "factor"),
    (lambda: data.digits(n_classes=11), ValueError, "^n_classes must be between 2 and 10, got 11"),
    (lambda: data.digits(n_classes=1), ValueError, "^n_classes must be an integer >= 2, got 1"),
    (lambda: data.split(np.zeros((2, 10)), np.zeros((1, 9)), 2, rng()), ValueError,
     r"^X and Y must have the same number of columns m, got X \(2, 10\) and Y \(1, 9\)"),
    (lambda: data.split(np.zeros((2, 10)), np.zeros(10), 2, rng()), ValueError,
     r"^X and Y must be 2-D, .* got X \(2, 10\) and Y \(10,\); reshape a label vector with Y.reshape\(1, -1\)$"),
    (lambda: data.split(*SPLIT, 0, rng()), ValueError, "^test must leave at least one column on each side"),
    (lambda: data.split(*SPLIT, 10, rng()), ValueError, "^test must leave at least one column"),
    (lambda: data.split(*SPLIT, 1.0, rng()), ValueError, "^test must be finite and > 0 and < 1, got 1.0"),
    (lambda: data.split(*SPLIT, 0.0, rng()), ValueError, "^test must be finite and > 0 and < 1, got 0.0"),
    (lambda: data.split(*SPLIT, 0.01, rng()), ValueError, r"^test must leave .* i.e. 0 of m=10 columns"),
    (lambda: data.split(*SPLIT, "half", rng()), TypeError, "^test must be an int .* got 'half'"),
    (lambda: data.split(*SPLIT, True, rng()), TypeError, "^test must be an int .* got True"),
    (lambda: data.split(*SPLIT, 2, 42), TypeError, "^split: rng must be"),
]


@pytest.mark.parametrize(("call", "error", "match"), BAD, ids=range(len(BAD)))
def test_bad_input_raises_naming_the_argument(call, error, match):
    with pytest.raises(error, match=match):
        call()
