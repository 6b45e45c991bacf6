"""Mutants and alternatives of a master: known-wrong and differently-written answers of one question.

An alternative is a whole answer cell (``alternatives/<slug>.py``), written differently by design. A mutant
holds only its change against the master's solution (``mutants/<slug>.txt``), so a reviewer sees the one
mistake and a change to the scaffold touches no mutant::

    # question: lstm_forward
    # mistake: the forget gate uses the input gate's weights
    <<<<<<< solution
                f_t = torch.sigmoid(gate("f", x_t, h_t))
    =======
                f_t = torch.sigmoid(gate("i", x_t, h_t))
    >>>>>>> mutant

A file may hold several blocks; the solution side of each must occur exactly once in the solution.
"""
import re
from dataclasses import dataclass

from zoo import ROOT
from zoo.master import MasterError, read_master

BLOCK = re.compile(r"^<<<<<<< solution\n(.*?)^=======\n(.*?)^>>>>>>> mutant\n?", re.S | re.M)


@dataclass
class Variant:
    slug: str  # the file name without its extension: the label in ``zoo verify``'s output
    question: str
    source: str  # the whole answer cell
    mistake: str = ""  # a mutant's one-line description


def header_field(text, key, path):
    m = re.search(rf"^#\s*{key}:\s*(.+?)\s*$", text, re.M)
    if not m:
        raise ValueError(f"{path}: needs a '# {key}: ...' line at the top")
    return m.group(1)


def apply_mutation(solution, text, path):
    """The solution with every ``<<<<<<< solution / ======= / >>>>>>> mutant`` block of ``text`` applied."""
    blocks = BLOCK.findall(text)
    if not blocks:
        raise ValueError(f"{path}: no '<<<<<<< solution' ... '>>>>>>> mutant' block")
    mutated = solution
    for before, after in blocks:
        count = mutated.count(before)
        if count != 1:
            where = "is not in" if count == 0 else f"occurs {count} times in"
            first = before.strip().splitlines()[0] if before.strip() else "(empty)"
            raise ValueError(f"{path} no longer applies: its solution side ({first!r} ...) {where} the solution")
        mutated = mutated.replace(before, after)
    return mutated


def read_variants(name, kind):
    """``[Variant]`` of ``assignments/<name>/<kind>/`` (``mutants`` or ``alternatives``), sorted by slug."""
    folder = ROOT / "assignments" / name / kind
    questions = {q.name: q for q in read_master(name)[2] if not q.manual}
    variants = []
    for path in sorted(folder.glob("*.py" if kind == "alternatives" else "*.txt")):
        text, where = path.read_text(), path.relative_to(ROOT)
        try:
            question = header_field(text, "question", where)
            if question not in questions:
                raise ValueError(f"{where}: no autograded question named {question!r}")
            if kind == "alternatives":
                variants.append(Variant(path.stem, question, text))
            else:
                source = apply_mutation(questions[question].solution + "\n", text, where)
                variants.append(Variant(path.stem, question, source.rstrip("\n"), header_field(text, "mistake", where)))
        except ValueError as e:
            raise MasterError(name, f"{kind}/{path.name}", str(e)) from None
    return variants
