"""The instructor's command: ``zoo release``, ``zoo grade``, ``zoo verify``, ``zoo grade-all``, ...

Every command works on one course folder (see ``zoo.course_root``); the modules that read it are
imported inside the commands, once ``main`` has chosen it.
"""
import argparse
import json
import os
import sys
from pathlib import Path

import zoo


def cmd_release(args):
    from zoo.digest import is_stale
    from zoo.master import MasterError, assignment_names

    names = args.names or assignment_names()
    try:
        stale = [name for name in names if args.force or is_stale(name)]
        if stale:
            from zoo.release import release  # imports the whole tool chain: only when there is work

            changed = release(stale, reuse=not args.force)
        else:
            changed = []
    except MasterError as e:
        print(f"zoo release: broken master: {e}", file=sys.stderr)
        return 1
    print(f"released {', '.join(names)}: " + (f"{len(changed)} file(s) changed" if changed else "up to date"))
    for path in changed:
        print(f"  {path}")
    return 0


def cmd_grade(args):
    from tabulate import tabulate

    from zoo.grading.grader import grade

    try:
        result = grade(args.submission, args.assignment)
    except FileNotFoundError as e:  # no bundle: the assignment was never released
        print(f"zoo grade: {e}", file=sys.stderr)
        return 2
    failed = 1 if result["grader_error"] else 0  # the scores mean nothing: never a silent zero
    if args.json:
        fields = ("assignment", "score", "max", "questions", "cell_errors") + (("grader_error",) if failed else ())
        print(json.dumps({k: result[k] for k in fields}))
        return failed
    rows = [(q["name"], q["visibility"], f"{q['score']:g} / {q['max']:g}") for q in result["questions"]]
    print(tabulate(rows, headers=("question", "tests", "score"), tablefmt="simple"))
    print(f"\ntotal: {result['score']:g} / {result['max']:g}   ({result['seconds']:.1f} s)")
    for q in result["questions"]:
        if q["score"] < q["max"]:
            print(f"\n{q['name']} ({q['visibility']}):\n{q['feedback']}")
    for cell, error in result["cell_errors"].items():
        print(f"\ncell {cell}: {error}")
    if failed:
        print(f"\nzoo grade: grader error: {result['grader_error']}", file=sys.stderr)
    return failed


def due_date(text):
    """``--due``: an ISO date and time; without a time zone, the machine's."""
    from datetime import datetime

    try:
        return datetime.fromisoformat(text).astimezone()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date and time such as 2025-03-01T23:59") from None


def cmd_grade_all(args):
    from zoo.grading.batch import GradingInterrupted, grade_all

    if not Path(args.folder).is_dir():
        print(f"zoo grade-all: {args.folder} is not a folder of submissions", file=sys.stderr)
        return 2
    try:
        rows, timing = grade_all(args.folder, args.assignment, jobs=args.jobs, out=args.out, written=args.written,
                                 due=args.due)
    except GradingInterrupted as e:
        try:
            print(f"\n{e}", file=sys.stderr, flush=True)
        finally:
            # The grading threads cannot be stopped midway and would start new workers: end the process
            # now (what was graded is written; the workers' pipes close and they exit).
            os._exit(130)
    print(f"{len(rows)} submissions in {args.out} ({timing['graded']} graded, {timing['reused']} unchanged, "
          f"{timing['wall_seconds']:.1f} s); report: {timing['report']}")
    return 0


def cmd_written(args):
    from zoo.written import write_written

    if not Path(args.folder).is_dir():
        print(f"zoo written: {args.folder} is not a folder of submissions", file=sys.stderr)
        return 2
    out, questions, notebooks = write_written(args.folder, args.assignment, args.out)
    if not questions:
        print(f"zoo written: {args.assignment} has no written (manual) question")
        return 0
    print(f"{len(questions)} written question(s), {len(notebooks)} submissions: {out}/index.html; "
          f"type scores and comments into {out}/scores.csv, then run `zoo grade-all` again")
    return 0


def cmd_feedback(args):
    from zoo.grading.feedback import write_feedback

    if not Path(args.grades).with_suffix(".json").is_file():
        print(f"zoo feedback: no {Path(args.grades).with_suffix('.json')}: run `zoo grade-all` first", file=sys.stderr)
        return 2
    out, pages, missing = write_feedback(args.folder, args.assignment, args.grades, args.written, args.out)
    print(f"{len(pages)} feedback pages in {out}/")
    if missing:
        print(f"not graded yet (run `zoo grade-all`): {', '.join(missing)}", file=sys.stderr)
    return 0


def cmd_export(args):
    from zoo.grading.lms import write_export

    out, unmatched = write_export(args.grades, args.assignment, args.lms, args.out, args.roster)
    print(f"{args.lms} import file: {out}")
    if unmatched:
        print(f"not in the roster, left out: {', '.join(unmatched)}", file=sys.stderr)
        return 1
    return 0


def cmd_verify(args):
    from zoo.master import assignment_names
    from zoo.verify import verify

    ok = True
    for name in args.names or assignment_names():
        ok &= verify(name)
    return 0 if ok else 1


def cmd_publish(args):
    from zoo.publish import PublishError, publish

    try:
        print(publish(args.folder, site=args.site))
    except PublishError as e:
        print(f"zoo publish: {e}", file=sys.stderr)
        return 1
    return 0


def cmd_hub(args):
    if not args.demo:
        print("zoo hub: only --demo runs here; a course hub is set up with TLJH or Zero to JupyterHub "
              "(README, 'A course JupyterHub')", file=sys.stderr)
        return 2
    from zoo.hub import demo

    return demo(args.root)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="zoo", description=__doc__.split("\n\n")[0])
    parser.add_argument("--course", metavar="DIR", help="the course folder (default: $ZOO_COURSE, else the one the "
                        "current folder is in, else the checkout zoo was installed from)")
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("release", help="regenerate release/ and autograder/ from the masters")
    p.add_argument("names", nargs="*", help="assignments (default: all)")
    p.add_argument("--force", action="store_true", help="rebuild even where nothing the release is made from changed, "
                   "recording the stored outputs and grading the solutions again")
    p.set_defaults(run=cmd_release)
    p = commands.add_parser("grade", help="grade one submission (notebook or exported zip) locally")
    p.add_argument("submission")
    p.add_argument("--assignment", required=True)
    p.add_argument("--json", action="store_true", help="print exactly one JSON object")
    p.set_defaults(run=cmd_grade)
    p = commands.add_parser("grade-all", help="grade every submission in a folder; gradebook CSV and report")
    p.add_argument("folder", help="nbgrader submitted/, a Gradescope export, or a folder of notebooks/zips")
    p.add_argument("--assignment", required=True)
    p.add_argument("--jobs", type=int, default=2, help="submissions graded at once (default 2)")
    p.add_argument("--out", default="grades.csv", help="gradebook CSV (default grades.csv)")
    p.add_argument("--written", help="scores typed into `zoo written`'s CSV (default: written_NAME/scores.csv "
                   "beside the gradebook, when it exists)")
    p.add_argument("--due", type=due_date, help="due date (e.g. 2025-03-01T23:59); later submissions score 0, "
                   "marked late (nbgrader's timestamp.txt, Gradescope's metadata)")
    p.set_defaults(run=cmd_grade_all)
    p = commands.add_parser("written", help="a page per written question with every answer, and a CSV for the scores")
    p.add_argument("folder", help="the submissions, as for grade-all")
    p.add_argument("--assignment", required=True)
    p.add_argument("--out", help="folder for the pages and scores.csv (default written_NAME)")
    p.set_defaults(run=cmd_written)
    p = commands.add_parser("feedback", help="a feedback page per student from grade-all's results")
    p.add_argument("folder", help="the submissions, as for grade-all")
    p.add_argument("--assignment", required=True)
    p.add_argument("--grades", default="grades.csv", help="grade-all's --out (its .json holds the results)")
    p.add_argument("--written", help="the written scores CSV (default written_NAME/scores.csv beside the gradebook)")
    p.add_argument("--out", help="folder for the pages (default feedback_NAME)")
    p.set_defaults(run=cmd_feedback)
    p = commands.add_parser("export", help="the gradebook's totals as a Canvas or Moodle import CSV")
    p.add_argument("--assignment", required=True, help="the column's name in the LMS")
    p.add_argument("--lms", choices=("canvas", "moodle"), required=True)
    p.add_argument("--grades", default="grades.csv", help="the gradebook grade-all wrote")
    p.add_argument("--roster", help="Canvas: its gradebook export, to match students to Canvas IDs")
    p.add_argument("--out", help="default: grades_<lms>.csv beside the gradebook")
    p.set_defaults(run=cmd_export)
    p = commands.add_parser("verify", help="prove solutions pass, unfilled scores 0, mutants fail, alternatives pass")
    p.add_argument("names", nargs="*", help="assignments (default: all)")
    p.set_defaults(run=cmd_verify)
    p = commands.add_parser("publish", help="write the student-only repository (release/, the book, the site) to DIR")
    p.add_argument("folder", metavar="DIR", help="an empty folder or a clone of the public repository")
    p.add_argument("--site", help="the built site to publish (default _build/html, what `make book` builds)")
    p.set_defaults(run=cmd_publish)
    p = commands.add_parser("hub", help="a local JupyterHub with nbgrader and nbgitpuller, on loopback")
    p.add_argument("--demo", action="store_true", help="an instructor and a student with one password")
    p.add_argument("--root", help="keep the hub's folders here (default: a temporary folder, removed at exit)")
    p.set_defaults(run=cmd_hub)
    args = parser.parse_args(argv)
    if args.course:
        os.environ["ZOO_COURSE"] = str(Path(args.course).resolve())  # the commands' subprocesses too
    zoo.ROOT = zoo.course_root()
    if not (zoo.ROOT / "assignments").is_dir():
        print(f"zoo: {zoo.ROOT} is not a course folder (it has no assignments/)", file=sys.stderr)
        return 2
    if zoo.ROOT != zoo.INSTALLED_FROM or not Path.cwd().resolve().is_relative_to(zoo.ROOT):
        print(f"zoo: course {zoo.ROOT}", file=sys.stderr)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
