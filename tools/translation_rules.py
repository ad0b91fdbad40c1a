"""The rules a translation must keep, used by ``tools/translate.py check`` and by the tests.

A translated block must keep its formulas, inline code and fenced code exactly (a directive's
``:caption:`` and a toctree entry's title are prose), keep its number of links, contain Chinese
wherever the English has words, and use the glossary's term wherever the English uses a glossary
term (``translations/glossary.tsv``). A generated page's links must lead to the same file as the
English page's links, or to that file's Chinese edition.
"""

import csv
import re
from collections import Counter
from pathlib import Path

import nbformat

CJK = re.compile(r"[\u4e00-\u9fff]")
MATH = re.compile(r"\$\$.+?\$\$|\$[^$]+?\$", re.S)  # inline maths may wrap a line
CODE = re.compile(r"`[^`]+`")  # an inline code span may wrap a line too
FENCED = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)
LINK = re.compile(r"\]\(([^)\s]+)\)")


def glossary(path):
    """The glossary's rows as ``(compiled English pattern, Chinese term)`` pairs."""
    with open(path, encoding="utf-8") as f:
        rows = [line for line in f if not line.startswith("#")]
    return [(re.compile(rf"\b(?:{row['english']})\b", re.I), row["chinese"])
            for row in csv.DictReader(rows, delimiter="\t")]


def _without_code_and_maths(text):
    for pattern in (FENCED, MATH, CODE):
        text = pattern.sub(" ", text)
    return text


def links(text):
    """Link targets of a markdown text, outside formulas and code (where ``](x)`` is not a link)."""
    return LINK.findall(_without_code_and_maths(text))


def prose(text):
    """The words a translator translates: the text without code, formulas and link targets."""
    return LINK.sub("]", _without_code_and_maths(text))


def _kept(code):
    code = re.sub(r"^:caption:.*$", ":caption:", code, flags=re.M)
    return re.sub(r"^[^\n<>]*<([^<>\n]+)>$", r"<\1>", code, flags=re.M)


def entry_problems(msgid, msgstr, terms):
    """What is wrong with one translation, as short reasons (empty when it keeps every rule)."""
    found = []
    for name, pattern in (("formulas", MATH), ("inline code", CODE), ("code blocks", FENCED)):
        if Counter(_kept(m.group(0)) for m in pattern.finditer(msgid)) != \
                Counter(_kept(m.group(0)) for m in pattern.finditer(msgstr)):
            found.append(f"{name} differ from the English")
    if len(links(msgid)) != len(links(msgstr)):
        found.append(f"{len(links(msgid))} links in the English, {len(links(msgstr))} in the translation")
    if re.search(r"[A-Za-z]{3,}", prose(msgid)) and not CJK.search(msgstr):
        found.append("no Chinese text")
    for pattern, chinese in terms:
        if pattern.search(prose(msgid)) and chinese not in msgstr:
            found.append(f"glossary: the English says {pattern.pattern!r}, the translation lacks {chinese}")
    return found


def _markdown(path):
    if path.suffix == ".md":
        return [path.read_text(encoding="utf-8")]
    return [c.source if c.cell_type == "markdown" else "" for c in nbformat.read(path, as_version=4).cells]


def _resolve(link, page):
    path = link.split("#")[0]
    return None if not path or re.match(r"[a-z]+:", path) else (page.parent / path).resolve()


def link_problems(english, target, counterpart):
    """Links of the generated page ``target`` that do not lead where the English page's links lead.

    ``counterpart(path)`` maps an English file to its Chinese edition (or None).
    """
    found = []
    for a, b in zip(_markdown(Path(english)), _markdown(Path(target)), strict=True):
        for en_link, zh_link in zip(links(a), links(b), strict=False):
            en_file, zh_file = _resolve(en_link, Path(english)), _resolve(zh_link, Path(target))
            if en_file is None:
                continue
            allowed = {en_file, counterpart(en_file)}
            if zh_file not in allowed or not zh_file.exists():
                found.append(f"link {zh_link} should lead to {en_link}'s page or its Chinese edition")
    return found
