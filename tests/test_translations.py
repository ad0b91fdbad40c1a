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

import sys
from pathlib import Path

import nbformat
import pytest
from conftest import load_tool, nbgrader_course

polib = pytest.importorskip("polib", reason="the Chinese edition needs polib (the `test` extra)")

ROOT = Path(__file__).resolve().parent.parent




sys.path.insert(0, str(ROOT / "tools"))
translate = load_tool("translate")
import translation_rules as rules  # noqa: E402  (tools/translation_rules.py)

SOURCES = translate.sources(ROOT)
NOTEBOOKS = [s for s in SOURCES if s[0].suffix == ".ipynb"]
ids = [english.relative_to(ROOT).as_posix() for english, _, _ in NOTEBOOKS]


def entries():
    for _english, po_path, _ in SOURCES:
        if po_path.exists():
            for entry in polib.pofile(str(po_path)):
                if entry.msgstr and not entry.obsolete:
                    yield po_path, entry


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


def test_every_translation_keeps_the_rules():
    terms = rules.glossary(ROOT / "translations" / "glossary.tsv")
    assert terms, "the glossary is empty"
    problems = [f"{po_path.relative_to(ROOT)}: {why}: {entry.msgid[:60]!r}" for po_path, entry in entries()
                for why in rules.entry_problems(entry.msgid, entry.msgstr, terms)]
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems[:40])


def test_links_lead_to_the_same_page_or_its_chinese_edition():
    # (the book's landing page links within the built site, where both editions have the same page names)
    problems = [f"{target.relative_to(ROOT)}: {why}" for english, _, target in SOURCES
                if target.exists() and english != ROOT / "book" / "index.md"
                for why in rules.link_problems(english, target, lambda p: translate.chinese_counterpart(p, ROOT))]
    assert not problems, "\n".join(problems[:40])


def test_the_rules_catch_what_they_promise():
    terms = [(__import__("re").compile(r"\bsaturat(?:e|ed|ion)\b", 2), "饱和")]
    good = "当 $z$ 很大时，`tanh` 会饱和，见[第 3 课](03_symmetry.ipynb)。"
    english = "For large $z$, `tanh` saturates ... no: it is saturated, see [lesson 3](03_symmetry.ipynb)."
    assert rules.entry_problems(english, good, terms) == []
    assert "formulas differ from the English" in rules.entry_problems(english, good.replace("$z$", "$x$"), terms)
    assert "inline code differ from the English" in rules.entry_problems(english, good.replace("`tanh`", "tanh"),
                                                                         terms)
    assert any("links" in why for why in rules.entry_problems(english, good.replace("[第 3 课](03_symmetry.ipynb)",
                                                                                    "第 3 课"), terms))
    assert any("glossary" in why for why in rules.entry_problems(english, good.replace("饱和", "变平"), terms))
    assert "no Chinese text" in rules.entry_problems(english, english, terms)
    toctree = "```{toctree}\n:caption: Lessons\nCourse guide <README>\n```"
    assert rules.entry_problems(toctree, toctree.replace("Lessons", "课程").replace("Course guide", "指南"), []) == []


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore:Object of type:Warning")
def test_a_chinese_solution_gets_full_marks(tmp_path):
    pytest.importorskip("nbgrader")
    from nbgrader.api import Gradebook

    exercises = nbgrader_course(tmp_path)
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
