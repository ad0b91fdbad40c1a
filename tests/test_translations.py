"""The Chinese edition (``make translations``): complete, current, faithful in maths and code, and gradable.

* complete and current: every English block has a translation that is not stale, the catalogs hold
  nothing whose English is gone, and ``zh-CN/`` is exactly what the catalogs generate;
* generated, not edited: every zh-CN notebook has the English notebook's code cells, outputs and
  metadata, cell for cell; only markdown differs;
* faithful: each translation keeps its block's formulas and code spans character for character,
  its links lead to the same file or to that file's Chinese edition, and it uses the glossary's term
  wherever the English block uses a glossary term;
* gradable: a solution notebook with translated instructions gets full marks from ``nbgrader
  autograde`` against the English assignment, so one pipeline grades both editions.
"""

import csv
import importlib.util
import re
import shutil
from collections import Counter
from pathlib import Path

import nbformat
import pytest

polib = pytest.importorskip("polib", reason="the Chinese edition needs polib (the `test` extra)")

ROOT = Path(__file__).resolve().parent.parent


def _load(name):
    spec = importlib.util.spec_from_file_location(f"{name}_tool", ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


translate = _load("translate")
SOURCES = translate.sources(ROOT)
NOTEBOOKS = [s for s in SOURCES if s[0].suffix == ".ipynb"]
ids = [english.relative_to(ROOT).as_posix() for english, _, _ in NOTEBOOKS]
CJK = re.compile(r"[\u4e00-\u9fff]")
MATH = re.compile(r"\$\$.+?\$\$|\$[^$\n]+?\$", re.S)
CODE = re.compile(r"`[^`\n]+`")
FENCED = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)
LINK = re.compile(r"\]\(([^)\s]+)\)")


def entries():
    for english, po_path, _ in SOURCES:
        if po_path.exists():
            for entry in polib.pofile(str(po_path)):
                if entry.msgstr and not entry.obsolete:
                    yield english, po_path, entry


def glossary():
    with open(ROOT / "translations" / "glossary.tsv", encoding="utf-8") as f:
        rows = [line for line in f if not line.startswith("#")]
    return [(re.compile(rf"\b(?:{row['english']})\b", re.I), row["chinese"])
            for row in csv.DictReader(rows, delimiter="\t")]


def links(text):
    """Link targets of a markdown text, outside formulas and code (where ``](x)`` is not a link)."""
    for pattern in (FENCED, MATH, CODE):
        text = pattern.sub(" ", text)
    return LINK.findall(text)


def prose(text):
    """The block without fenced code, maths, code spans and link targets: the words a translator translates."""
    for pattern in (FENCED, MATH, CODE):
        text = pattern.sub(" ", text)
    return LINK.sub("]", text)


def test_the_edition_is_complete_and_current():
    found = translate.problems(ROOT)
    assert not found, (f"{len(found)} problem(s); run `make translations` after translating:\n" + "\n".join(found[:40]))


@pytest.mark.parametrize("english, po_path, target", NOTEBOOKS, ids=ids)
def test_generated_notebooks_share_code_and_outputs(english, po_path, target):
    assert target.exists(), f"{target.relative_to(ROOT)} missing: run `make translations`"
    en, zh = nbformat.read(english, as_version=4), nbformat.read(target, as_version=4)
    assert len(en.cells) == len(zh.cells)
    assert en.metadata == zh.metadata
    for a, b in zip(en.cells, zh.cells, strict=True):
        assert a.cell_type == b.cell_type and a.metadata == b.metadata
        if a.cell_type == "code":
            assert a.source == b.source and a.outputs == b.outputs, "code cells and outputs must be identical"


def _same(code):
    """What must be identical in a translation: a directive's ``:caption:`` and a toctree entry's title
    (``Title <page>``) are prose; everything else stays."""
    code = re.sub(r"^:caption:.*$", ":caption:", code, flags=re.M)
    return re.sub(r"^[^\n<>]*<([^<>\n]+)>$", r"<\1>", code, flags=re.M)


def test_translations_keep_maths_code_and_links():
    problems = []
    for _english, po_path, entry in entries():
        where = f"{po_path.relative_to(ROOT)}: {entry.msgid[:60]!r}"
        for name, pattern in (("formulas", MATH), ("code", CODE), ("code blocks", FENCED)):
            if Counter(_same(m.group(0)) for m in pattern.finditer(entry.msgid)) != \
                    Counter(_same(m.group(0)) for m in pattern.finditer(entry.msgstr)):
                problems.append(f"{where}: {name} differ from the English")
        en_links, zh_links = links(entry.msgid), links(entry.msgstr)
        if len(en_links) != len(zh_links):
            problems.append(f"{where}: {len(en_links)} links in English, {len(zh_links)} in the translation")
        if re.search(r"[A-Za-z]{3,}", prose(entry.msgid)) and not CJK.search(entry.msgstr):
            problems.append(f"{where}: the translation has no Chinese text")
    assert not problems, "\n".join(problems[:40])


def _resolve(link, page):
    path = link.split("#")[0]
    return None if not path or re.match(r"[a-z]+:", path) else (page.parent / path).resolve()


def _markdown(path):
    if path.suffix == ".md":
        return [path.read_text(encoding="utf-8")]
    return [c.source if c.cell_type == "markdown" else "" for c in nbformat.read(path, as_version=4).cells]


def test_links_lead_to_the_same_page_or_its_chinese_edition():
    problems = []
    for english, _po_path, target in SOURCES:
        if not target.exists():
            continue
        for a, b in zip(_markdown(english), _markdown(target), strict=True):
            for en_link, zh_link in zip(links(a), links(b), strict=False):
                en_file, zh_file = _resolve(en_link, english), _resolve(zh_link, target)
                if en_file is None:
                    continue
                chinese = {en_file, translate.chinese_counterpart(en_file, ROOT)}
                if zh_file not in chinese or not zh_file.exists():
                    problems.append(f"{target.relative_to(ROOT)}: {zh_link} should lead to "
                                    f"{sorted(str(p.relative_to(ROOT)) for p in chinese if p)}")
    assert not problems, "\n".join(problems[:40])


def test_glossary_terms_are_used_consistently():
    terms = glossary()
    assert terms, "the glossary is empty"
    problems = []
    for _english, po_path, entry in entries():
        for pattern, chinese in terms:
            if pattern.search(prose(entry.msgid)) and chinese not in entry.msgstr:
                problems.append(f"{po_path.relative_to(ROOT)}: {pattern.pattern} -> {chinese} missing in "
                                f"{entry.msgstr[:50]!r}")
    assert not problems, f"{len(problems)} glossary misses:\n" + "\n".join(problems[:40])


def test_blocks_round_trip_and_keep_formulas_whole():
    cell = "Intro line\ncontinues.\n\n$$\na = b\n\nc = d\n$$\n\n```python\nx = 1\n\ny = 2\n```\n\n- one\n- two"
    assert translate.blocks(cell) == ["Intro line\ncontinues.", "$$\na = b\n\nc = d\n$$",
                                      "```python\nx = 1\n\ny = 2\n```", "- one\n- two"]
    assert "\n\n".join(translate.blocks(cell)) == cell


def test_update_marks_changed_english_fuzzy_and_check_reports_it(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Title\n\nThe weights start at zero.")]
    source = tmp_path / "lesson.ipynb"
    nbformat.write(nb, source)
    po_path = tmp_path / "lesson.po"
    assert translate.update_catalog(source, po_path) == (2, 0, 0)
    po = polib.pofile(str(po_path))
    for entry in po:
        entry.msgstr = {"# Title": "# 标题", "The weights start at zero.": "权重从零开始。"}[entry.msgid]
    po.save()
    nb.cells[0].source = "# Title\n\nThe weights start at exactly zero."
    nbformat.write(nb, source)
    assert translate.update_catalog(source, po_path) == (0, 1, 0)
    changed = [e for e in polib.pofile(str(po_path)) if e.msgid.startswith("The weights")][0]
    assert "fuzzy" in changed.flags and changed.previous_msgid == "The weights start at zero."
    assert "The weights start at exactly zero." not in translate.translations(po_path)


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore:Object of type:Warning")
def test_a_chinese_solution_gets_full_marks(tmp_path):
    pytest.importorskip("nbgrader")
    from nbgrader.api import Gradebook

    exercises = _load("exercises")
    shutil.copy(ROOT / "nbgrader_config.py", tmp_path / "nbgrader_config.py")
    shutil.copytree(ROOT / "solutions", tmp_path / "solutions")
    exercises.generate(tmp_path, quiet=True)
    api = exercises.nbgrader_api(tmp_path)
    for assignment in exercises.assignments(ROOT):
        solution = nbformat.read(ROOT / "solutions" / assignment / f"{assignment}.ipynb", as_version=4)
        table = translate.translations(ROOT / "translations" / translate.LANG / "exercises" / f"{assignment}.po")
        zh = translate.translate_notebook(solution, table)
        assert zh.cells != solution.cells, f"{assignment}: nothing was translated"
        submitted = tmp_path / "grading" / "submitted" / "zh_student" / assignment
        submitted.mkdir(parents=True)
        nbformat.write(zh, submitted / f"{assignment}.ipynb")
        result = api.autograde(assignment, "zh_student", force=True, create=True)
        assert result["success"], result.get("log", "")
        with Gradebook(api.coursedir.db_url) as gradebook:
            grades = [g for nb in gradebook.find_submission(assignment, "zh_student").notebooks for g in nb.grades
                      if not g.needs_manual_grade]
            assert sum(g.score for g in grades) == sum(g.max_score for g in grades) > 0, assignment
