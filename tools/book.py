"""Build the course's HTML book from the stored notebooks (``make book``).

The book holds the landing page (``book/index.md``), the lessons (``notebooks/``), the student
exercise notebooks (``exercises/``; never the solutions) and the guides (``README.md``,
``benchmarks/README.md``). Once the Chinese edition exists (``make translations``), the same pages
in Chinese are a second site under ``zh-CN/``, and every page links to its other-language twin.
Nothing is executed: Sphinx (myst-nb, sphinx-book-theme) renders the outputs the notebooks store,
which strict nbval keeps current.

The pages of each edition are first *staged* into one source folder with the repository's relative
layout, so the links between them (the lessons' navigation cells, the README's course map) resolve
inside the site; a link is rewritten only where a page moved (the Chinese README is staged as
``README.md``, the Chinese lessons as ``notebooks/``). Staging changes one more thing: widget views,
which a static page cannot show without a kernel, are replaced by a short note (the lessons draw the
same panels as static figures next to every widget); progress bars, also widgets, are dropped. The
build treats warnings as errors.

    python tools/book.py                 # build into build/book/html
    python tools/book.py --out DIR       # build elsewhere (the tests build into a temporary folder)

"""

import argparse
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
LINK = re.compile(r"(\[[^\]\n]*\]\s*)\(([^)#\s]*)(#[^)\s]*)?\)")
TQDM = re.compile(r"\d+%\|.*\|\s*\d+/")
WIDGET_NOTE = (
    '<div class="bs-widget-note"><strong>Interactive widget.</strong> It needs a running Python kernel, so the '
    "website cannot show it: open this lesson in Jupyter (<code>make lab</code>) to use it. The static figures "
    "in this lesson show the same panels.</div>"
)


def pages(root=ROOT, edition="en"):
    """The book's pages of one edition: ``{staged path: repository path}``, both relative to ``root``.

    The English edition has the README, benchmarks/README.md, every lesson and every student
    exercise notebook; the Chinese edition (``zh_CN``) has their generated translations under the
    same staged names (``README.zh-CN.md`` is staged as ``README.md``, ``zh-CN/notebooks/X`` as
    ``notebooks/X``), so both sites have the same page names and the language switch is a path swap.
    """
    zh = edition == "zh_CN"
    found = {Path("index.md"): Path("book/index.zh-CN.md" if zh else "book/index.md"),
             Path("README.md"): Path("README.zh-CN.md" if zh else "README.md"),
             Path("benchmarks/README.md"): Path("benchmarks/README.md")}
    prefix = Path("zh-CN") if zh else Path()
    for p in sorted((root / prefix / "notebooks").glob("*.ipynb")):
        found[p.relative_to(root / prefix)] = p.relative_to(root)
    for p in sorted((root / prefix / "exercises").glob("*/*.ipynb")):
        found[p.relative_to(root / prefix)] = p.relative_to(root)
    return found


def editions(root=ROOT):
    """The editions that exist: always ``"en"``, and ``"zh_CN"`` once the Chinese edition is generated."""
    return ["en", "zh_CN"] if (root / "README.zh-CN.md").exists() and (root / "zh-CN").is_dir() else ["en"]


def relink(text, source, staged, layout, root=ROOT, files=None, other=None):
    """Rewrite the relative links of a page for its staged place.

    A link is resolved from the page's place in the repository (``source``). When the file it
    reaches is a page of the book (``layout``: repository path -> staged path), it is linked from
    the page's staged place (``staged``). A page of the other edition (``other``: repository path ->
    its URL from the root of this edition's site) becomes a plain HTML link to that page. A link to
    another file of the repository (a LICENSE, the lock) keeps pointing at the same path and the file
    is added to ``files``, to be staged as a download; a link to a folder, or to a notebook or
    markdown file that is no page, becomes its plain text. Links with a scheme, and anchors, stay.
    """
    def swap(match):
        label, target, anchor = match.group(1), match.group(2), match.group(3) or ""
        if not target or re.match(r"[a-z]+:", target):
            return match.group(0)
        reached = os.path.normpath((source.parent / target).as_posix())
        here = staged.parent.as_posix() or "."
        text = label.rstrip()[1:-1]  # "[text]" -> "text"
        if reached in layout:
            return f"{label}({os.path.relpath(layout[reached], here)}{anchor})"
        if other and reached in other:
            return f'<a href="{os.path.relpath(other[reached], here)}{anchor}">{text}</a>'
        path = root / reached
        if path.is_file() and path.suffix not in (".md", ".ipynb") and files is not None:
            files.add(reached)
            return f"{label}({os.path.relpath(reached, here)}{anchor})"
        if path.exists():
            return text
        return match.group(0)

    return LINK.sub(swap, text)


def _site_urls(root, edition, prefix):
    """Repository path -> URL (from the other site's root, through ``prefix``) of every page of ``edition``."""
    return {src.as_posix(): prefix + dst.with_suffix(".html").as_posix() for dst, src in pages(root, edition).items()}


def is_progress_bar(data):
    """Whether a widget output is a tqdm progress bar (its text fallback reads ``'label:  50%|###  | 4/8 ...'``)."""
    return bool(TQDM.search("".join(data.get("text/plain", ""))))


def static_outputs(nb):
    """Replace widget views by a note, drop widget progress bars and the setup cell, in place; return ``nb``.

    A widget output stores only a model id (its state is stripped before committing), so a page
    cannot render it. A widget that is a progress bar (tqdm's text fallback) carries nothing a
    reader needs and is dropped; any other widget becomes :data:`WIDGET_NOTE`.
    """
    # The generated nnlib-setup cell only helps a kernel that lacks nnlib; a page has no kernel.
    nb.cells = [c for c in nb.cells if "nnlib-setup" not in c.metadata.get("tags", [])]
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


def stage(source_dir, root=ROOT, edition="en"):
    """Copy one edition's pages and the book's configuration into ``source_dir`` (the Sphinx source folder)."""
    source_dir = Path(source_dir)
    for item in (root / "book").iterdir():
        if item.name.startswith("index"):
            continue  # the landing pages are staged as pages below
        target = source_dir / item.name
        if item.is_dir():
            shutil.copytree(item, target, dirs_exist_ok=True)
        else:
            shutil.copy2(item, target)
    layout = {src.as_posix(): dst.as_posix() for dst, src in pages(root, edition).items()}
    other = None
    if len(editions(root)) > 1:
        other = (_site_urls(root, "zh_CN", "zh-CN/") if edition == "en" else _site_urls(root, "en", "../"))
        other = {k: v for k, v in other.items() if k not in layout}
    files = set()
    for staged, rel in pages(root, edition).items():
        target = source_dir / staged
        target.parent.mkdir(parents=True, exist_ok=True)
        if rel.suffix == ".ipynb":
            nb = static_outputs(nbformat.read(root / rel, as_version=4))
            for cell in nb.cells:
                if cell.cell_type == "markdown":
                    cell.source = relink(cell.source, rel, staged, layout, root, files, other)
            nbformat.write(nb, target)
        else:
            text = relink((root / rel).read_text(encoding="utf-8"), rel, staged, layout, root, files, other)
            target.write_text(text, encoding="utf-8")
    for rel in sorted(files):  # linked repository files (LICENSE, the lock): downloads of the site
        (source_dir / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / rel, source_dir / rel)
    return source_dir


def build(out_dir, root=ROOT, quiet=False):
    """Stage each edition and run Sphinx with warnings as errors; return the HTML folder.

    The English site is ``<out_dir>/html``; the Chinese one, when it exists, ``<out_dir>/html/zh-CN``.

    Raises
    ------
    RuntimeError
        When Sphinx reports a warning or an error (the message names the edition and the exit code).
    """
    from sphinx.cmd.build import build_main

    out_dir = Path(out_dir)
    html = out_dir / "html"
    both = editions(root)
    for edition in both:
        where = html / "zh-CN" if edition == "zh_CN" else html
        with tempfile.TemporaryDirectory(prefix="book-src-") as tmp:
            source = stage(tmp, root, edition)
            args = ["-b", "html", "-W", "--keep-going", "-n", "-E", "-d", str(out_dir / "doctrees" / edition),
                    "-D", f"language={edition}", "-A", f"bs_edition={edition}",
                    "-A", f"bs_bilingual={int(len(both) > 1)}", str(source), str(where)]
            if quiet:
                args.insert(0, "-q")
            code = build_main(args)
        if code:
            raise RuntimeError(f"sphinx-build failed for the {edition} edition (exit {code}); see the warnings above")
    return html


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
