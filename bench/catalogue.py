"""The whole adversarial catalogue on every assignment with the course's own time limits (`make test` runs it
with shorter ones).

    .venv/bin/python bench/catalogue.py [--assignment NAME ...]

Prints one line per attack and assignment (ok or FAIL, expected, got) and the time it took.
"""
import argparse
import time

from zoo.adversarial import run_catalogue
from zoo.master import assignment_names


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--assignment", nargs="*", default=None, help="default: every assignment")
    args = parser.parse_args()
    names = args.assignment or assignment_names()
    start = time.perf_counter()
    rows = run_catalogue(names)
    for r in rows:
        print(f"{'ok  ' if not r['problems'] else 'FAIL'} {r['assignment']:<14} {r['attack']:<24} "
              f"expected {r['expected']:<32} got {r['got']}  {'; '.join(r['problems'])}")
    failed = sum(bool(r["problems"]) for r in rows)
    print(f"{len(rows) - failed} of {len(rows)} hold ({time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()
