"""Execute notebooks top to bottom in a fresh kernel and store their outputs in place.

Used to (re)build the committed outputs of ``notebooks/`` and ``solutions/``: each notebook
runs in its own folder with a fresh ``python3`` kernel, exactly as nbval will re-run it, and
then loses what must not be committed — widget state and per-cell execution timestamps.

    python tools/run_notebooks.py notebooks/01_forward_pass.ipynb [more.ipynb ...]
    python tools/run_notebooks.py --all          # every lesson and solution notebook
"""

import argparse
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent


def clean(nb):
    """Drop widget state and volatile metadata so re-running gives a quiet diff."""
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            for out in cell.get("outputs", []):
                out.get("metadata", {}).pop("execution", None)
    return nb


def run(path, timeout=600):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    nbformat.write(clean(nb), path)
    return seconds


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--all", action="store_true", help="run notebooks/*.ipynb and solutions/*/*.ipynb")
    args = parser.parse_args(argv)
    paths = args.paths
    if args.all:
        paths = sorted(ROOT.glob("notebooks/*.ipynb")) + sorted(ROOT.glob("solutions/*/*.ipynb"))
    if not paths:
        parser.error("give notebook paths or --all")
    for path in paths:
        print(f"{run(path.resolve()):6.1f} s  {path}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
