"""The instructor's command: ``zoo release``, ``zoo grade``, ``zoo verify``."""
import argparse
import json
import sys
from pathlib import Path

from zoo.master import MasterError, assignment_names


def cmd_release(args):
    from zoo.release import release

    names = args.names or assignment_names()
    try:
        changed = release(names)
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

    result = grade(args.submission, args.assignment)
    if args.json:
        print(json.dumps({k: result[k] for k in ("assignment", "score", "max", "questions")}))
        return 0
    rows = [(q["name"], q["visibility"], f"{q['score']:g} / {q['max']:g}") for q in result["questions"]]
    print(tabulate(rows, headers=("question", "tests", "score"), tablefmt="simple"))
    print(f"\ntotal: {result['score']:g} / {result['max']:g}   ({result['seconds']:.1f} s)")
    for q in result["questions"]:
        if q["score"] < q["max"]:
            print(f"\n{q['name']} ({q['visibility']}):\n{q['feedback']}")
    for cell, error in result["cell_errors"].items():
        print(f"\ncell {cell} raised {error}")
    return 0


def cmd_grade_all(args):
    from zoo.grading.batch import grade_all

    if not Path(args.folder).is_dir():
        print(f"zoo grade-all: {args.folder} is not a folder of submissions", file=sys.stderr)
        return 2
    rows, timing = grade_all(args.folder, args.assignment, jobs=args.jobs, out=args.out)
    print(f"{len(rows)} submissions in {args.out} ({timing['graded']} graded, {timing['reused']} unchanged, "
          f"{timing['wall_seconds']:.1f} s); report: {timing['report']}")
    return 0


def cmd_verify(args):
    from zoo.verify import verify

    ok = True
    for name in args.names or assignment_names():
        ok &= verify(name)
    return 0 if ok else 1


def main(argv=None):
    parser = argparse.ArgumentParser(prog="zoo", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("release", help="regenerate release/ and autograder/ from the masters")
    p.add_argument("names", nargs="*", help="assignments (default: all)")
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
    p.set_defaults(run=cmd_grade_all)
    p = commands.add_parser("verify", help="prove solutions pass, unfilled scores 0, mutants fail, alternatives pass")
    p.add_argument("names", nargs="*", help="assignments (default: all)")
    p.set_defaults(run=cmd_verify)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
