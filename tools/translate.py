"""The Chinese edition: gettext catalogs in, generated zh-CN notebooks out (``make translations``).

The English notebooks are the only source. Their prose is cut into *blocks* — the paragraphs of
each markdown cell, a list, a table, a display formula or a fenced code block each staying whole —
and every block is one ``msgid`` of a standard gettext catalog, one catalog per notebook:

    translations/zh_CN/notebooks/<lesson>.po     the lessons (notebooks/*.ipynb)
    translations/zh_CN/exercises/<assignment>.po the exercise instructions (exercises/<a>/<a>.ipynb;
                                                 the same text stands in solutions/<a>/<a>.ipynb)

Translators edit the ``msgstr`` with any PO editor (Poedit, Lokalize, Weblate, a text editor).
The README's catalog is ``translations/zh_CN/README.po`` and gives ``README.zh-CN.md``; the book's
landing page ``book/index.md`` gives ``book/index.zh-CN.md``.
The generated notebooks (``zh-CN/notebooks/``, ``zh-CN/exercises/``) have the English code cells,
metadata and stored outputs byte for byte; only markdown changes. Nothing in ``zh-CN/`` is edited
by hand.

    python tools/translate.py update [catalogs]   # refresh the catalogs (all, or these) from the English
    python tools/translate.py build    # write zh-CN/ from the catalogs (untranslated blocks stay English)
    python tools/translate.py check    # exit 1 listing missing, stale (fuzzy) and unused translations,
                                       # broken rules (tools/translation_rules.py) and out-of-date pages
    python tools/translate.py check translations/zh_CN/notebooks/03_symmetry.po   # one catalog

``update`` keeps every translation whose English block is unchanged. A block whose English changed
keeps its old translation marked *fuzzy*, with the previous English as ``#| msgid`` so the
translator sees the difference; a fuzzy translation is not used by ``build`` and fails ``check``.
"""

import argparse
import difflib
import re
import sys
from pathlib import Path

import nbformat
import polib
import translation_rules as rules

ROOT = Path(__file__).resolve().parent.parent
LANG = "zh_CN"
EDITION = ROOT / "zh-CN"
CATALOGS = ROOT / "translations" / LANG
GLOSSARY = ROOT / "translations" / "glossary.tsv"
FENCE = re.compile(r"^\s*(```|~~~)")


def sources(root=ROOT):
    """Triples ``(english_source, catalog_path, generated_path)``: every lesson, exercise and the README."""
    pairs = [(root / "README.md", root / "translations" / LANG / "README.po", root / "README.zh-CN.md"),
             (root / "book" / "index.md", root / "translations" / LANG / "book-index.po",
              root / "book" / "index.zh-CN.md")]
    for nb in sorted((root / "notebooks").glob("*.ipynb")):
        pairs.append((nb, root / "translations" / LANG / "notebooks" / f"{nb.stem}.po",
                      root / "zh-CN" / "notebooks" / nb.name))
    for nb in sorted((root / "exercises").glob("*/*.ipynb")):
        pairs.append((nb, root / "translations" / LANG / "exercises" / f"{nb.stem}.po",
                      root / "zh-CN" / "exercises" / nb.parent.name / nb.name))
    return pairs


def chinese_counterpart(path, root=ROOT):
    """The zh-CN edition of an English file the course links to, or None when it has none.

    ``notebooks/X.ipynb`` -> ``zh-CN/notebooks/X.ipynb``, ``exercises/A/A.ipynb`` ->
    ``zh-CN/exercises/A/A.ipynb``, ``README.md`` -> ``README.zh-CN.md``, ``book/index.md`` ->
    ``book/index.zh-CN.md``.
    """
    path = Path(path).resolve()
    root = Path(root).resolve()
    try:
        rel = path.relative_to(root)
    except ValueError:
        return None
    if rel.as_posix() in ("README.md", "book/index.md"):
        return root / rel.with_suffix(".zh-CN.md")
    if rel.parts and rel.parts[0] in ("notebooks", "exercises"):
        return root / "zh-CN" / rel
    return None


def blocks(markdown):
    """Split one markdown cell into translatable blocks.

    Blocks are separated by blank lines, except inside a fenced code block or a ``$$ … $$`` display
    formula, which stay whole. Joining the blocks with a blank line gives the cell back (up to
    runs of blank lines and trailing white space).

    Parameters
    ----------
    markdown : str
        The cell's source.

    Returns
    -------
    list of str
    """
    out, current, fenced, in_math = [], [], False, False
    for line in markdown.splitlines():
        if FENCE.match(line):
            fenced = not fenced
        elif not fenced and line.count("$$") % 2:
            in_math = not in_math
        if not line.strip() and not fenced and not in_math:
            if current:
                out.append("\n".join(current).rstrip())
                current = []
            continue
        current.append(line)
    if current:
        out.append("\n".join(current).rstrip())
    return out


def markdown_cells(nb):
    return [cell for cell in nb.cells if cell.cell_type == "markdown"]


def english_blocks(path):
    """The blocks of a notebook (or a markdown file), in order, each with the index of its cell (0 for a file)."""
    if path.suffix == ".md":
        return [(0, block) for block in blocks(path.read_text(encoding="utf-8"))]
    nb = nbformat.read(path, as_version=4)
    found = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            found += [(index, block) for block in blocks(cell.source)]
    return found


def update_catalog(notebook, po_path):
    """Refresh one catalog from its English notebook; return ``(new, fuzzy, obsolete)`` counts."""
    old = polib.pofile(str(po_path), wrapwidth=0) if po_path.exists() else polib.POFile(wrapwidth=0)
    by_id = {entry.msgid: entry for entry in old if not entry.obsolete}
    unused = {entry.msgid: entry for entry in old if entry.msgstr and entry.msgid not in by_id} | {
        entry.msgid: entry for entry in old if entry.obsolete and entry.msgstr}
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": "Breaking Symmetry",
        "Language": LANG,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    rel = notebook.relative_to(ROOT).as_posix() if notebook.is_relative_to(ROOT) else notebook.name
    seen, reused, new, fuzzy = set(), set(), 0, 0
    for index, block in english_blocks(notebook):
        if block in seen:
            continue  # one translation serves every copy of a block
        seen.add(block)
        entry = polib.POEntry(msgid=block, msgstr="", occurrences=[(rel, str(index))])
        if block in by_id:
            entry.msgstr, entry.flags = by_id[block].msgstr, list(by_id[block].flags)
            entry.previous_msgid = by_id[block].previous_msgid
        else:
            previous = difflib.get_close_matches(block, list(unused) + [e for e in by_id if e not in seen],
                                                 n=1, cutoff=0.6)
            source = unused.get(previous[0]) or by_id.get(previous[0]) if previous else None
            if source is not None and source.msgstr:
                entry.msgstr, entry.flags, entry.previous_msgid = source.msgstr, ["fuzzy"], previous[0]
                reused.add(previous[0])
                fuzzy += 1
            else:
                new += 1
        po.append(entry)
    obsolete = len([m for m in by_id if m not in seen and m not in reused])
    # Translations whose English is gone are kept as obsolete entries (``#~``), as msgmerge does:
    # they are never used, but a block that comes back, or changes again, finds its old translation.
    for msgid, entry in {**unused, **by_id}.items():
        if msgid not in seen and entry.msgstr:
            po.append(polib.POEntry(msgid=msgid, msgstr=entry.msgstr, obsolete=True))
    po_path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(po_path))
    return new, fuzzy, obsolete


def translations(po_path):
    """The usable translations of a catalog: msgid -> msgstr, without fuzzy or empty entries."""
    if not po_path.exists():
        return {}
    return {e.msgid: e.msgstr for e in polib.pofile(str(po_path)) if e.msgstr and "fuzzy" not in e.flags
            and not e.obsolete}


def translate_notebook(nb, table):
    """Return a copy of ``nb`` whose markdown blocks are replaced by their translations in ``table``."""
    out = nbformat.from_dict(nb)
    for cell in markdown_cells(out):
        cell.source = "\n\n".join(table.get(block, block) for block in blocks(cell.source))
    return out


def generated(english, po_path):
    """The text of the zh-CN edition of one English source, from its catalog."""
    table = translations(po_path)
    if english.suffix == ".md":
        return "\n\n".join(table.get(block, block) for block in blocks(english.read_text(encoding="utf-8"))) + "\n"
    return nbformat.writes(translate_notebook(nbformat.read(english, as_version=4), table)) + "\n"


def build(root=ROOT):
    """Write every zh-CN notebook and the Chinese README; return the list of paths written."""
    written = []
    for english, po_path, target in sources(root):
        text = generated(english, po_path)
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            written.append(target)
    return written


def problems(root=ROOT, only=None):
    """Everything that keeps the edition from matching the English source, as readable lines.

    Parameters
    ----------
    root : pathlib.Path
        The repository.
    only : collection of pathlib.Path, optional
        Check only these catalogs (a translator's own); by default every catalog.
    """
    found = []
    terms = rules.glossary(root / "translations" / "glossary.tsv")
    for english, po_path, target in sources(root):
        if only is not None and po_path.resolve() not in {Path(p).resolve() for p in only}:
            continue
        rel = po_path.relative_to(root).as_posix()
        if not po_path.exists():
            found.append(f"{rel}: missing catalog (run `python tools/translate.py update`)")
            continue
        po = polib.pofile(str(po_path))
        ids = {block for _, block in english_blocks(english)}
        catalog = {e.msgid: e for e in po if not e.obsolete}
        for block in sorted(ids - set(catalog)):
            found.append(f"{rel}: English block not in the catalog (run update): {block[:70]!r}")
        for msgid, entry in catalog.items():
            if msgid not in ids:
                found.append(f"{rel}: catalog entry whose English is gone (run update): {msgid[:70]!r}")
            elif "fuzzy" in entry.flags:
                found.append(f"{rel}: stale translation, the English changed: {msgid[:70]!r}")
            elif not entry.msgstr:
                found.append(f"{rel}: untranslated: {msgid[:70]!r}")
            else:
                found += [f"{rel}: {why}: {msgid[:60]!r}" for why in rules.entry_problems(msgid, entry.msgstr, terms)]
        if not target.exists() or target.read_text(encoding="utf-8") != generated(english, po_path):
            found.append(f"{target.relative_to(root).as_posix()}: out of date (run `make translations`)")
        elif english != root / "book" / "index.md":  # the landing page links within the built site
            found += [f"{target.relative_to(root).as_posix()}: {why}"
                      for why in rules.link_problems(english, target, lambda p: chinese_counterpart(p, root))]
    return found


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["update", "build", "check"])
    parser.add_argument("catalogs", nargs="*", type=Path, help="with update or check: only these .po files")
    args = parser.parse_args(argv)
    chosen = {p.resolve() for p in args.catalogs}
    if args.command == "update":
        for english, po_path, _ in sources():
            if chosen and po_path.resolve() not in chosen:
                continue
            new, fuzzy, obsolete = update_catalog(english, po_path)
            if new or fuzzy or obsolete:
                print(f"{po_path.relative_to(ROOT)}: {new} new, {fuzzy} fuzzy, {obsolete} dropped")
        return 0
    if args.command == "build":
        for path in build():
            print(f"wrote {path.relative_to(ROOT)}")
        return 0
    found = problems(only=args.catalogs or None)
    for line in found:
        print(line)
    print(f"{len(found)} problem(s)" if found else "the zh-CN edition is complete and current")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
