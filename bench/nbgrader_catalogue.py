"""The adversarial catalogue through a real nbgrader course: what `nbgrader autograde` defends.

Prints one line per attack (defended or not, expected, got); the README's table is this output.
"""
import argparse
import tempfile
import time

from zoo.adversarial import run_catalogue_nbgrader


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--assignment", default="recurrent")
    args = parser.parse_args()
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:
        rows = run_catalogue_nbgrader(args.assignment, scratch)
    for row in rows:
        print(f"{'defended' if row['defended'] else 'NOT     '}  {row['attack']:<24} expected {row['expected']:<34} "
              f"got {row['got']}")
    print(f"{sum(r['defended'] for r in rows)} of {len(rows)} defended ({time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()
