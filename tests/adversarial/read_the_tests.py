# attack: look for the tests, the masters and the bundles (disk, the grader's process, the course package) to take the reference solution; leave the question unanswered
# answer: stub
# expect: zero
# feedback: found nothing to copy

import glob
import itertools
import os
import re
from pathlib import Path

SECRETS = {".ipynb": re.compile(r"# ASSIGNMENT CONFIG|BEGIN HIDDEN TESTS"),  # a master, an nbgrader source
           ".zip": re.compile(r"zoo\.json"),  # an autograder bundle
           ".py": re.compile(r"@test_case\(points=[\d.]+, hidden=True\)")}  # a hidden test file

candidates = []
for folder in Path.cwd().parents:  # the course or repository the notebook sits in
    if folder != Path("/"):
        candidates += itertools.islice(folder.rglob("*"), 5000)
for pattern in ["/work/**/assignments/*/*.ipynb", "/work/**/autograder/**/*.zip", "/autograder/**/*",
                "**/tests/*.py", "/tmp/**/*.zip", "/tmp/**/tests/*.py", "../**/*.ipynb", os.path.expanduser("~/**/*.py")]:
    candidates += map(Path, glob.glob(pattern, recursive=True))
found = [str(p) for p in candidates if p.suffix in SECRETS and "site-packages" not in p.parts and p.is_file()
         and SECRETS[p.suffix].search(p.read_bytes().decode("latin-1"))]
for pid in os.listdir("/proc"):
    if pid.isdigit() and int(pid) != os.getpid():
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if b"zoo" in f.read():
                    found.append(f"/proc/{pid}")
        except OSError:
            pass
try:
    from zoo.master import read_master
    for name in ("recurrent", "triplet", "mae", "translation", "cnn"):
        read_master(name)
        found.append(name)
except Exception:
    pass
if found:
    raise SystemExit(f"the grader's files are readable: {found[:5]}")  # a real attack would exec the solution
raise FileNotFoundError("found nothing to copy")
