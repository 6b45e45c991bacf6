"""The adversarial catalogue (tests/adversarial/): no attack scores more than the honest work in it,
every other question keeps full marks, and the feedback says what happened."""
import pytest

from conftest import ASSIGNMENTS, bundle_with
from zoo.adversarial import read_attacks, run_catalogue, run_catalogue_nbgrader
from zoo.master import read_master

LIMIT = 15  # seconds: the catalogue's loops and sleeps hit it instead of the course's 60 s
# The attacks the grader defends alike for every assignment (# scope: grader) run on these two: the first
# chapter, and the one whose probes train models (where slow tests and time limits meet). The others get
# the attacks that meet their own tests; bench/catalogue.py runs everything on every assignment.
GRADER_SCOPE = ("recurrent", "cnn")


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_no_attack_changes_the_verdict(name, tmp_path):
    graded = [q.name for q in read_master(name)[2] if not q.manual]
    bundle = bundle_with(tmp_path / "autograder.zip", name, time_limits=dict.fromkeys(graded, LIMIT),
                         cell_time_limit=LIMIT)
    rows = run_catalogue([name], bundles={name: bundle}, grader_scope=name in GRADER_SCOPE)
    table = "\n".join(f"{'ok  ' if not r['problems'] else 'FAIL'} {r['attack']:<24} expected {r['expected']:<32} "
                      f"got {r['got']}  {'; '.join(r['problems'])}" for r in rows)
    assert len(rows) >= (20 if name in GRADER_SCOPE else 8) and not any(r["problems"] for r in rows), table


def test_the_catalogue_covers_every_listed_class_of_attack():
    slugs = {a.slug for a in read_attacks()}
    assert {"patch_comparisons", "patch_builtins", "tensor_subclass", "equal_to_anything", "nan_outputs",
            "inf_outputs", "global_state", "read_the_tests", "fake_results", "sys_exit", "os_exit", "kill_the_kernel",
            "system_exit_in_a_test", "background_thread", "background_process", "infinite_loop", "memory_bomb",
            "sleep_for_an_hour", "hardcoded_public_checks", "edit_given_cells", "delete_given_cells", "reorder_cells",
            "rename_notebook", "strip_metadata"} <= slugs


def test_the_attacks_left_to_the_grader_are_the_ones_it_defends_alike():
    grader = {a.slug for a in read_attacks() if a.scope == "grader"}
    assert grader == {"sys_exit", "os_exit", "kill_the_kernel", "system_exit_in_a_test", "background_thread",
                      "background_process", "infinite_loop", "sleep_for_an_hour", "memory_bomb", "read_the_tests",
                      "fake_results", "rename_notebook", "strip_metadata", "delete_given_cells", "reorder_cells",
                      "undo_the_jail"}
    # what meets an assignment's own probes (patched comparisons, odd tensors, edited given cells) runs on all
    assert {"patch_comparisons", "tensor_subclass", "edit_given_cells"} <= {a.slug for a in read_attacks()} - grader
    assert set(GRADER_SCOPE) <= set(ASSIGNMENTS)


def test_a_case_without_its_header_is_refused(tmp_path):
    (tmp_path / "broken.py").write_text("# attack: something\n\nprint(1)\n")
    with pytest.raises(ValueError, match="broken.py: the header needs"):
        read_attacks(tmp_path)


def test_nbgrader_autograde_defends_what_the_readme_says(tmp_path):
    """A sample of the catalogue through `nbgrader autograde` (bench/nbgrader_catalogue.py runs all of it):
    patched comparisons are defended (the checks compare plain float64 arrays), reordered cells are not
    (nbgrader runs the notebook in the student's order)."""
    rows = {r["attack"]: r for r in run_catalogue_nbgrader("recurrent", tmp_path, slugs=["patch_comparisons",
                                                                                         "reorder_cells"])}
    assert rows["patch_comparisons"]["defended"], rows
    assert not rows["reorder_cells"]["defended"] and "others LOST" in rows["reorder_cells"]["got"], rows
