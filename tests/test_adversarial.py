"""The adversarial catalogue (tests/adversarial/): no attack scores more than the honest work in it,
every other question keeps full marks, and the feedback says what happened."""
import pytest

from conftest import ASSIGNMENTS, bundle_with
from zoo.adversarial import attacked_question, read_attacks, run_catalogue, run_catalogue_nbgrader
from zoo.master import read_master

# Seconds, instead of the course's 60: the attacked question and every cell get ATTACKED_LIMIT, so that the
# catalogue's loops and sleeps end soon; the other questions, which must keep full marks (some of their tests
# train small models), get LIMIT.
LIMIT, ATTACKED_LIMIT = 15, 5


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_no_attack_changes_the_verdict(name, tmp_path):
    questions = read_master(name)[2]
    graded = [q.name for q in questions if not q.manual]
    limits = {**dict.fromkeys(graded, LIMIT), attacked_question(questions): ATTACKED_LIMIT}
    bundle = bundle_with(tmp_path / "autograder.zip", name, time_limits=limits, cell_time_limit=ATTACKED_LIMIT)
    rows = run_catalogue([name], bundles={name: bundle})
    table = "\n".join(f"{'ok  ' if not r['problems'] else 'FAIL'} {r['attack']:<24} expected {r['expected']:<32} "
                      f"got {r['got']}  {'; '.join(r['problems'])}" for r in rows)
    assert len(rows) >= 24 and not any(r["problems"] for r in rows), table


def test_the_catalogue_covers_every_listed_class_of_attack():
    slugs = {a.slug for a in read_attacks()}
    assert {"patch_comparisons", "patch_builtins", "tensor_subclass", "equal_to_anything", "nan_outputs",
            "inf_outputs", "global_state", "read_the_tests", "fake_results", "sys_exit", "os_exit", "kill_the_kernel",
            "system_exit_in_a_test", "background_thread", "background_process", "infinite_loop", "memory_bomb",
            "sleep_for_an_hour", "hardcoded_public_checks", "edit_given_cells", "delete_given_cells", "reorder_cells",
            "rename_notebook", "strip_metadata"} <= slugs


def test_a_case_without_its_header_is_refused(tmp_path):
    (tmp_path / "broken.py").write_text("# attack: something\n\nprint(1)\n")
    with pytest.raises(ValueError, match="broken.py: the header needs"):
        read_attacks(tmp_path)


def test_nbgrader_autograde_defends_what_the_readme_says(tmp_path, one_torch_thread_per_kernel):
    """A sample of the catalogue through `nbgrader autograde` (bench/nbgrader_catalogue.py runs all of it):
    patched comparisons are defended (the checks compare plain float64 arrays), reordered cells are not
    (nbgrader runs the notebook in the student's order)."""
    rows = {r["attack"]: r for r in run_catalogue_nbgrader("recurrent", tmp_path, slugs=["patch_comparisons",
                                                                                         "reorder_cells"])}
    assert rows["patch_comparisons"]["defended"], rows
    assert not rows["reorder_cells"]["defended"] and "others LOST" in rows["reorder_cells"]["got"], rows
