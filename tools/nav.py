"""Regenerate the navigation cells at the top and bottom of every lesson notebook.

Lessons are ``notebooks/NN_name.ipynb``; each gets a first and a last markdown cell tagged
``nav`` with links to the previous lesson, the course map in the README and the next lesson,
plus (at the bottom) the lesson's exercise notebook ``exercises/exNN_*/exNN_*.ipynb`` when it
exists. Titles come from each lesson's first ``# `` heading.

    python tools/nav.py          # rewrite the nav cells in place
    python tools/nav.py --check  # exit 1 and list the notebooks whose nav cells are stale
"""

import argparse
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
TAG = "nav"


def title(nb, path):
    for cell in nb.cells:
        if cell.cell_type == "markdown" and TAG not in cell.metadata.get("tags", []):
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return path.stem


def exercise_for(path):
    number = path.name[:2]
    found = sorted(ROOT.glob(f"exercises/ex{number}_*/ex{number}_*.ipynb"))
    return found[0].relative_to(ROOT).as_posix() if found else None


def nav_cells(lessons, i, titles):
    prev_link = f"[← {titles[i - 1]}]({lessons[i - 1].name})" if i > 0 else "← (start)"
    next_link = f"[{titles[i + 1]} →]({lessons[i + 1].name})" if i + 1 < len(lessons) else "(end) →"
    bar = f"{prev_link} | [Course map](../README.md#course-map) | {next_link}"
    top = nbformat.v4.new_markdown_cell(bar, metadata={"tags": [TAG]})
    bottom_text = bar
    exercise = exercise_for(lessons[i])
    if exercise:
        bottom_text += f"\n\n**Practice:** [the exercises for this lesson](../{exercise})"
    bottom = nbformat.v4.new_markdown_cell(bottom_text, metadata={"tags": [TAG]})
    top["id"], bottom["id"] = "nav-top", "nav-bottom"  # fixed ids keep diffs quiet
    return top, bottom


def with_nav(nb, top, bottom):
    cells = [c for c in nb.cells if TAG not in c.metadata.get("tags", [])]
    new = nbformat.from_dict(nb)
    new.cells = [top, *cells, bottom]
    return new


def same(a, b):
    strip = lambda nb: [(c.cell_type, c.source, c.metadata.get("tags", [])) for c in nb.cells]  # noqa: E731
    return strip(a) == strip(b)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale navigation cells")
    args = parser.parse_args(argv)
    lessons = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    books = [nbformat.read(p, as_version=4) for p in lessons]
    titles = [title(nb, p) for nb, p in zip(books, lessons, strict=True)]
    stale = []
    for i, (path, nb) in enumerate(zip(lessons, books, strict=True)):
        new = with_nav(nb, *nav_cells(lessons, i, titles))
        if not same(nb, new):
            stale.append(path.relative_to(ROOT).as_posix())
            if not args.check:
                nbformat.write(new, path)
    if args.check and stale:
        print("navigation cells are out of date (run python tools/nav.py):", *stale, sep="\n  ")
        return 1
    if not args.check and stale:
        print("updated:", *stale, sep="\n  ")
    return 0


if __name__ == "__main__":
    sys.exit(main())
