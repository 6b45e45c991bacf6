"""`zoo verify` for every assignment: solutions pass, unfilled scores 0, mutants lose, alternatives pass."""
import pytest

from conftest import ASSIGNMENTS
from zoo.master import MasterError, read_master
from zoo.variants import apply_mutation, read_variants
from zoo.verify import verify


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_verify(name, capsys):
    ok = verify(name)
    assert ok, capsys.readouterr().out


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_every_autograded_question_has_a_mutant_and_the_assignment_an_alternative(name):
    graded = {q.name for q in read_master(name)[2] if not q.manual}
    mutated = {m.question for m in read_variants(name, "mutants")}
    assert graded <= mutated, f"questions without a mutant: {sorted(graded - mutated)}"
    assert read_variants(name, "alternatives"), "no alternative: nothing shows a correct answer written differently passes"


def test_a_mutant_is_its_change_and_fails_clearly_when_it_no_longer_applies(tmp_path):
    solution = "def f(x):\n    y = x + 1\n    return y\n"
    change = "<<<<<<< solution\n    y = x + 1\n=======\n    y = x - 1\n>>>>>>> mutant\n"
    assert apply_mutation(solution, "# question: f\n# mistake: minus\n" + change, "m.txt") == solution.replace("+", "-")
    with pytest.raises(ValueError, match=r"m.txt no longer applies: .*'y = x \+ 1'.* is not in the solution"):
        apply_mutation(solution.replace("x + 1", "x + 2"), change, "m.txt")
    with pytest.raises(ValueError, match="occurs 2 times"):
        apply_mutation(solution + solution, change, "m.txt")


def test_a_stale_mutant_stops_verify_with_the_file_named(monkeypatch, tmp_path):
    import shutil

    import zoo.variants
    course = tmp_path / "course"
    shutil.copytree(zoo.variants.ROOT / "assignments" / "recurrent", course / "assignments" / "recurrent")
    (course / "assignments" / "recurrent" / "mutants" / "rnn_no_tanh.txt").write_text(
        "# question: rnn_forward\n# mistake: x\n<<<<<<< solution\nnot in the solution\n=======\n\n>>>>>>> mutant\n")
    monkeypatch.setattr(zoo.variants, "ROOT", course)
    monkeypatch.setattr("zoo.master.ROOT", course)
    with pytest.raises(MasterError, match=r"'recurrent', cell mutants/rnn_no_tanh.txt: .*no longer applies"):
        read_variants("recurrent", "mutants")
