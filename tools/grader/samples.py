"""Write the sample submissions in ``grading/samples/submitted/`` (tracked in git).

    python tools/grader/samples.py       # after changing exercise 01, then check `make grade`

Six students hand in exercise 01 (``ex01_forward_pass``), built from the released notebook in
``exercises/`` and the answers in ``solutions/``:

=======  =========================================================================  ==============
student  what they hand in                                                          expected
=======  =========================================================================  ==============
alice    every task solved                                                          11 / 11
bob      a naive sigmoid and loss (overflow), W1's shape transposed (only the       4 / 11
         hidden test notices), task 5 not attempted
carol    the notebook as released, nothing done                                     0 / 11
dave     forgets the biases and "fixes" the forward-pass test into ``pass``;       9 / 11, flagged
         deletes the loss test (it is put back and passes)
erin     every task solved, but saved as ``ex01_forward_pass (1).ipynb``            11 / 11, flagged
frank    a notebook cut off half way through the upload                             not graded
=======  =========================================================================  ==============

``tests/test_grading.py`` grades these samples and checks the table.
"""

import copy
import re
import shutil
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]
ASSIGNMENT = "ex01_forward_pass"
OUT = ROOT / "grading" / "samples" / "submitted"
EXPECTED = {  # student: (status, score or None); the maximum is 11
    "alice": ("graded", 11.0),
    "bob": ("graded", 4.0),
    "carol": ("graded", 0.0),
    "dave": ("flagged", 9.0),
    "erin": ("flagged", 11.0),
    "frank": ("failed", None),
}

NAIVE = {
    "activations": '''def sigmoid(Z):
    return 1 / (1 + np.exp(-Z))


def tanh(Z):
    return np.tanh(Z)


def relu(Z):
    return np.maximum(Z, 0)''',
    "shapes": '''shapes = {"X": (3, 7), "W1": (3, 4), "b1": (4, 1), "Z1": (4, 7), "A1": (4, 7),
          "W2": (4, 1), "b2": (1, 1), "Z2": (1, 7), "A2": (1, 7)}''',
    "bce": '''def bce_from_logits(Z, Y):
    A = sigmoid(Z)
    return float(-np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A)))''',
}
NO_BIAS = '''def forward_two_layer(params, X):
    Z1 = params["W1"] @ X
    A1 = relu(Z1)
    Z2 = params["W2"] @ A1
    A2 = sigmoid(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}'''


def answers():
    """The solution regions of the instructor notebook, as a student would have typed them."""
    nb = nbformat.read(ROOT / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    out = {}
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution"):
            lines = [line for line in cell.source.split("\n") if not re.search(r"### (BEGIN|END) SOLUTION", line)]
            # Drop the stub comment lines and dedent nothing: the regions sit inside def bodies already.
            out[meta["grade_id"]] = "\n".join(lines)
    return out


def submission(release, sources, delete=()):
    nb = copy.deepcopy(release)
    cells = []
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid in delete:
            continue
        if gid in sources:
            cell.source = sources[gid]
        cells.append(cell)
    nb.cells = cells
    return nb


def main():
    release = nbformat.read(ROOT / "exercises" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    solved = answers()
    shutil.rmtree(OUT, ignore_errors=True)
    notebooks = {
        "alice": submission(release, solved),
        "bob": submission(release, {**solved, **NAIVE, "expected_loss": _stub(release, "expected_loss")}),
        "carol": submission(release, {}),
        "dave": submission(release, {**solved, "forward": NO_BIAS, "test_forward": "pass  # the test was wrong"},
                           delete=("test_bce",)),
        "erin": submission(release, solved),
    }
    names = {"erin": f"{ASSIGNMENT} (1).ipynb"}
    for student, nb in notebooks.items():
        folder = OUT / student / ASSIGNMENT
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / names.get(student, f"{ASSIGNMENT}.ipynb"))
    frank = OUT / "frank" / ASSIGNMENT
    frank.mkdir(parents=True)
    text = nbformat.writes(submission(release, solved))
    frank.joinpath(f"{ASSIGNMENT}.ipynb").write_text(text[: len(text) // 2])
    for path in sorted(OUT.rglob("*.ipynb")):
        print(path.relative_to(ROOT))
    return 0


def _stub(release, grade_id):
    return next(c.source for c in release.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


if __name__ == "__main__":
    sys.exit(main())
