"""The saturation explorer's one-line readout of the last hidden layer, and its parser.

The format :data:`READOUT` is fixed, so a browser test can read the numbers off the page
(:func:`parse_readout`) and compare them with :func:`nnlib.saturation.saturation_stats`.
"""

import re

__all__ = ["READOUT", "readout", "parse_readout"]

READOUT = "layer {layer}: saturated {saturated:.4f} | mean |g'| {gprime:.4f} | std {std:.4g} | grad RMS {grad:.3e}"


def readout(stats):
    """The one-line summary of the last hidden layer that the widget displays.

    Fixed format :data:`READOUT` (saturated fraction and mean ``|g'|`` with 4 decimals), so a
    browser test can compare the page with :func:`nnlib.saturation.saturation_stats`.

    Examples
    --------
    >>> from nnlib.saturation import saturation_stats
    >>> readout(saturation_stats(1.0, "tanh", depth=2, width=8, m=4))[:30]
    'layer 2: saturated 0.6250 | me'
    """
    last = stats.depth - 1
    return READOUT.format(layer=stats.depth, saturated=stats.saturated[last], gprime=stats.mean_abs_gprime[last],
                          std=stats.std[last], grad=stats.dZ_rms[last])


_PATTERN = re.compile(r"layer (\d+): saturated ([\d.]+) \| mean \|g'\| ([\d.]+) \| std (\S+) \| grad RMS (\S+)")


def parse_readout(text):
    """Read back the numbers of :func:`readout` (e.g. from the widget's text on a web page).

    Returns
    -------
    dict with ``"layer"`` (int), ``"saturated"``, ``"mean_abs_gprime"``, ``"std"``, ``"dZ_rms"`` (float)
    """
    match = _PATTERN.search(text)
    if match is None:
        raise ValueError(f"not a saturation readout: {text!r}; expected the format {READOUT!r}")
    layer, *values = match.groups()
    return {"layer": int(layer), **dict(zip(("saturated", "mean_abs_gprime", "std", "dZ_rms"),
                                            map(float, values), strict=True))}
