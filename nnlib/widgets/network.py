"""What the playground's network view shows, computed without a figure: every unit's map over the input plane.

A network with two inputs computes, at every point ``x`` of the plane, one activation per unit. Drawn
as small images, one per unit, these *unit maps* make symmetry visible: identical hidden units have
identical maps, whatever the data (lesson 03). This module computes the maps on a grid
(:func:`unit_maps`, the forward pass of :func:`nnlib.mlp.forward` evaluated on the grid's points),
counts how many maps of a layer differ (:func:`distinct_units`), summarises them for a readout
(:func:`map_summary`) and places the units of a diagram (:func:`layout`).
:class:`nnlib.widgets.network_view.NetworkView` draws them.
"""

import numpy as np

from ..checks import check_params
from ..mlp import forward

__all__ = ["plane_grid", "unit_maps", "distinct_units", "map_summary", "layout"]


def plane_grid(X, resolution=24, margin=0.4):
    """A square grid of points covering the data, for maps over the input plane.

    Parameters
    ----------
    X : ndarray of shape (2, m)
        The data (two inputs).
    resolution : int >= 2
        Points per axis.
    margin : float
        Added on every side of the data's bounding box.

    Returns
    -------
    grid : ndarray of shape (2, resolution * resolution)
        Column ``r * resolution + c`` is the point ``(x1[c], x2[r])``: row ``r`` of a map is one
        value of ``x2``, from the bottom (``origin="lower"`` in ``imshow``).
    extent : tuple of 4 floats
        ``(x1_min, x1_max, x2_min, x2_max)``, as ``imshow`` takes it.
    """
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[0] != 2:
        raise ValueError(f"X must have shape (2, m) — two inputs, one example per column; got {X.shape}")
    if int(resolution) != resolution or resolution < 2:
        raise ValueError(f"resolution must be an integer >= 2, got {resolution!r}")
    lo, hi = X.min(axis=-1) - margin, X.max(axis=-1) + margin
    x1, x2 = np.linspace(lo[0], hi[0], int(resolution)), np.linspace(lo[1], hi[1], int(resolution))
    g1, g2 = np.meshgrid(x1, x2)  # g1[r, c] = x1[c], g2[r, c] = x2[r]
    return np.stack([g1.ravel(), g2.ravel()]), (lo[0], hi[0], lo[1], hi[1])


def unit_maps(params, grid, hidden="tanh", output="sigmoid"):
    """Every unit's activation over a square grid of the input plane.

    Parameters
    ----------
    params : dict of ndarray
        One network (not stacked) with 2 inputs: ``W1`` of shape (n_1, 2), ..., ``bL`` of shape (n_L, 1).
    grid : ndarray of shape (2, r * r)
        From :func:`plane_grid`.
    hidden, output : str
        As in :func:`nnlib.mlp.forward`.

    Returns
    -------
    maps : list of ndarray
        ``maps[l]`` has shape (n_l, r, r): ``A[l]`` of :func:`nnlib.mlp.forward` on the grid, unit by
        unit — ``maps[0]`` the two inputs themselves, ``maps[L]`` the output probability.
    """
    L, lead = check_params(params)
    if lead:
        raise ValueError(f"unit_maps draws one network; the params are stacked with leading shape {lead}")
    grid = np.asarray(grid, dtype=np.float64)
    r = int(round(np.sqrt(grid.shape[-1]))) if grid.ndim == 2 else 0
    if grid.ndim != 2 or grid.shape[0] != 2 or r * r != grid.shape[-1]:
        raise ValueError(f"grid must have shape (2, r*r) (a square grid from plane_grid); got {grid.shape}")
    with np.errstate(over="ignore", invalid="ignore"):  # a huge init scale may overflow: drawn as it is
        _, cache = forward(params, grid, hidden=hidden, output=output)
    return [cache[f"A{l}"].reshape(-1, r, r) for l in range(L + 1)]


def distinct_units(maps, rtol=1e-6):
    """How many different maps a layer has: units closer than ``rtol`` (relative) count as one.

    Parameters
    ----------
    maps : ndarray of shape (n, r, r)
        One layer of :func:`unit_maps`.
    rtol : float
        Two maps are the same when ``max |a - b| <= rtol * (1 + max |a|)`` — rounding-level
        differences (of a symmetric start in float64) do not count.

    Returns
    -------
    int
    """
    flat = np.asarray(maps, dtype=np.float64).reshape(len(maps), -1)
    scale = 1.0 + np.abs(flat).max(initial=0.0)
    representatives = []
    for unit in flat:
        if not any(np.abs(unit - rep).max() <= rtol * scale for rep in representatives):
            representatives.append(unit)
    return len(representatives)


def map_summary(maps, decimals=6):
    """Mean, minimum and maximum of every hidden unit's map, rounded: a compact, comparable readout.

    Parameters
    ----------
    maps : list of ndarray
        From :func:`unit_maps` (the inputs ``maps[0]`` and the output ``maps[-1]`` are left out).

    Returns
    -------
    list of list of [float, float, float]
        ``summary[l - 1][j]`` for hidden unit ``j`` of layer ``l``.
    """
    return [[[round(float(v), decimals) for v in (unit.mean(), unit.min(), unit.max())] for unit in layer]
            for layer in maps[1:-1]]


def layout(layer_sizes, height=1.0):
    """Positions of the units of a layered diagram: layer ``l`` at ``x = l``, its units spread over ``y``.

    Parameters
    ----------
    layer_sizes : sequence of int
        Units per layer, input first.
    height : float
        The widest layer spans ``y`` from ``-height / 2`` to ``height / 2``; the others are centred,
        with the same spacing.

    Returns
    -------
    positions : list of ndarray
        ``positions[l]`` has shape (n_l, 2): the ``(x, y)`` of each unit, top unit first.
    spacing : float
        Vertical distance between neighbouring units.
    """
    sizes = [int(n) for n in layer_sizes]
    if not sizes or min(sizes) < 1:
        raise ValueError(f"layer_sizes must be positive integers, got {list(layer_sizes)}")
    spacing = height / max(max(sizes) - 1, 1)
    return [np.column_stack([np.full(n, float(l)), ((n - 1) / 2 - np.arange(n)) * spacing])
            for l, n in enumerate(sizes)], spacing
