"""`zoo verify` for every assignment: solutions pass, unfilled scores 0, mutants lose, alternatives pass."""
import pytest

from conftest import ASSIGNMENTS
from zoo.verify import read_variants, verify


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_verify(name, capsys):
    ok = verify(name)
    assert ok, capsys.readouterr().out


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_every_assignment_has_mutants_and_alternatives(name):
    assert len(read_variants(name, "mutants")) >= 5 and len(read_variants(name, "alternatives")) >= 2
