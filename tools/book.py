"""Build the course's HTML book from the stored notebooks (``make book``).

The book holds the landing page (``book/index.md``), the lessons (``notebooks/``), the student
exercise notebooks (``exercises/``; never the solutions) and the guides (``README.md``,
``benchmarks/README.md``). Nothing is executed: Sphinx (myst-nb, sphinx-book-theme) renders the
outputs the notebooks store, which strict nbval keeps current.

The pages are first *staged* into one source folder with the repository's relative layout, so the
links between them (the lessons' navigation cells, the README's course map) resolve inside the
site. Staging changes one thing: widget views, which a static page cannot show without a kernel,
are replaced by a short note (the lessons draw the same panels as static figures next to every
widget); progress bars, also widgets, are dropped. The build treats warnings as errors.

    python tools/book.py                 # build into build/book/html
    python tools/book.py --out DIR       # build elsewhere (the tests build into a temporary folder)
"""

import argparse
import re
import shutil
import sys
import tempfile
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
TQDM = re.compile(r"\d+%\|.*\|\s*\d+/")
WIDGET_NOTE = (
    '<div class="bs-widget-note"><strong>Interactive widget.</strong> It needs a running Python kernel, so the '
    "website cannot show it: open this lesson in Jupyter (<code>make lab</code>) to use it. The static figures "
    "in this lesson show the same panels.</div>"
)


def pages(root=ROOT):
    """The book's source files, as paths relative to ``root``.

    Returns
    -------
    list of pathlib.Path
        The README, benchmarks/README.md, every lesson and every student exercise notebook.
    """
    found = [Path("README.md"), Path("benchmarks/README.md")]
    found += sorted(p.relative_to(root) for p in (root / "notebooks").glob("*.ipynb"))
    found += sorted(p.relative_to(root) for p in (root / "exercises").glob("*/*.ipynb"))
    return found


def is_progress_bar(data):
    """Whether a widget output is a tqdm progress bar (its text fallback reads ``'label:  50%|###  | 4/8 ...'``)."""
    return bool(TQDM.search("".join(data.get("text/plain", ""))))


def static_outputs(nb):
    """Replace widget views by a note and drop widget progress bars, in place; return ``nb``.

    A widget output stores only a model id (its state is stripped before committing), so a page
    cannot render it. A widget that is a progress bar (tqdm's text fallback) carries nothing a
    reader needs and is dropped; any other widget becomes :data:`WIDGET_NOTE`.
    """
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        outputs = []
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if WIDGET_VIEW not in data:
                outputs.append(out)
                continue
            if is_progress_bar(data):
                continue
            outputs.append(nbformat.v4.new_output("display_data", data={"text/html": WIDGET_NOTE}))
        cell.outputs = outputs
    nb.metadata.pop("widgets", None)
    return nb


def stage(source_dir, root=ROOT):
    """Copy the book's pages and configuration into ``source_dir`` (the Sphinx source folder)."""
    source_dir = Path(source_dir)
    for item in (root / "book").iterdir():
        target = source_dir / item.name
        if item.is_dir():
            shutil.copytree(item, target, dirs_exist_ok=True)
        else:
            shutil.copy2(item, target)
    for rel in pages(root):
        target = source_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if rel.suffix == ".ipynb":
            nb = nbformat.read(root / rel, as_version=4)
            nbformat.write(static_outputs(nb), target)
        else:
            shutil.copy2(root / rel, target)
    return source_dir


def build(out_dir, root=ROOT, quiet=False):
    """Stage the pages and run Sphinx with warnings as errors; return the HTML folder.

    Raises
    ------
    RuntimeError
        When Sphinx reports a warning or an error (the message names the exit code).
    """
    from sphinx.cmd.build import build_main

    out_dir = Path(out_dir)
    with tempfile.TemporaryDirectory(prefix="book-src-") as tmp:
        source = stage(tmp, root)
        args = ["-b", "html", "-W", "--keep-going", "-n", "-E", "-d", str(out_dir / "doctrees"),
                str(source), str(out_dir / "html")]
        if quiet:
            args.insert(0, "-q")
        code = build_main(args)
    if code:
        raise RuntimeError(f"sphinx-build failed (exit {code}); see the warnings above")
    return out_dir / "html"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "book", help="output folder (default build/book)")
    parser.add_argument("-q", "--quiet", action="store_true", help="only warnings and errors")
    args = parser.parse_args(argv)
    try:
        html = build(args.out, quiet=args.quiet)
    except RuntimeError as err:
        print(err, file=sys.stderr)
        return 1
    print(f"book: {html / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
