"""A real JupyterHub on loopback for the course's JupyterHub path: ``zoo hub --demo``.

It runs what a course hub runs: JupyterHub (PyPI) with configurable-http-proxy (npm, ``npm ci``),
one password for an instructor and a student, single-user Jupyter servers with nbgrader's extensions
(formgrader for the instructor, the Assignments tab for the student) over one shared exchange
folder, and nbgitpuller for the site's launch links. Everything lives under one root folder:

    hub/                 jupyterhub_config.py, the hub's database and cookie secret
    exchange/            nbgrader's exchange (world-writable with the sticky bit, like /srv/nbgrader/exchange)
    home/<user>/         each user's home; .jupyter/ holds their nbgrader and server settings
    home/instructor/course/   the nbgrader course: source/<name>/ is autograder/<name>/nbgrader/
    zoo-of-models/       the student tree (`zoo publish`) as a git repository, what nbgitpuller clones

The users are JupyterHub users, not system users: the demo spawns every server as the user running
it (JupyterHub's SimpleLocalProcessSpawner), so each one's nbgrader settings name its student ID.
A course hub (TLJH, Zero to JupyterHub) gives every user their own account instead (README).
"""
import contextlib
import ctypes
import importlib.util
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import nbformat
import nbgrader.preprocessors
from nbgrader.api import MissingEntry
from nbgrader.preprocessors import NbGraderPreprocessor

from zoo import ROOT

COURSE_ID = "zoo"
INSTRUCTOR, STUDENT = "instructor", "student"
REPOSITORY = "zoo-of-models"  # the name the site's launch links give the student tree (repository.url)
PROXY = ROOT / "node_modules" / ".bin" / "configurable-http-proxy"
BIN = Path(sys.executable).parent

HUB_CONFIG = """\
c = get_config()
c.JupyterHub.bind_url = {hub_url!r}
c.JupyterHub.hub_bind_url = {api_url!r}
c.ConfigurableHTTPProxy.api_url = {proxy_api_url!r}
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = {password!r}
c.Authenticator.allowed_users = {{{instructor!r}, {student!r}}}
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {home!r} + "/{{username}}"
c.Spawner.ip = "127.0.0.1"
c.Spawner.cmd = [{singleuser!r}]
c.Spawner.args = ["--allow-root"]  # every server runs as the demo's own account, root in CI
c.Spawner.default_url = "/tree"  # Jupyter Notebook's file tree, which has the Assignments tab
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
"""

# Both users: the course and the exchange, as a course sets them in /etc/jupyter/nbgrader_config.py.
NBGRADER_CONFIG = """\
c = get_config()
c.CourseDirectory.course_id = {course_id!r}
c.Exchange.root = {exchange!r}
"""
# What every course running the nbgrader flavour adds to the instructor's nbgrader_config.py (README).
COURSE_NBGRADER_CONFIG = """\
# Autograde restores the hidden tests without warning that the student changed a cell they never touched.
c.Autograde.sanitize_preprocessors = ["nbgrader.preprocessors.ClearOutput", "nbgrader.preprocessors.DeduplicateIds",
                                      "nbgrader.preprocessors.OverwriteKernelspec", "zoo.hub.OverwriteCells",
                                      "nbgrader.preprocessors.CheckCellMetadata"]
# Feedback shows the hidden tests' scores and messages, never their code.
# Nor in their tracebacks: an error in a hidden cell keeps only its message (no expected values, see zoo_check).
c.GenerateFeedback.preprocessors = ["nbgrader.preprocessors.GetGrades", "zoo.hub.ClearHiddenTracebacks",
                                    "nbgrader.preprocessors.ClearHiddenTests",
                                    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor"]
"""
# The student's own ID: all demo servers run as one account, whose name nbgrader would take.
STUDENT_CONFIG = "c.CourseDirectory.student_id = {student!r}\n"
INSTRUCTOR_CONFIG = """\
c.CourseDirectory.root = {course!r}
# Submissions are owned by the demo's one account, not by the student they name.
c.CollectApp.check_owner = False
# Autograde runs the whole notebook, the untagged training cells too: nbgrader's 30 s per cell is too short.
c.Execute.timeout = 300
c.Execute.iopub_timeout = 30
""" + COURSE_NBGRADER_CONFIG
# Server extensions the course does not use, left out to start each server faster.
UNUSED = {"jupyter_lsp": False, "jupytext": False}
# What the student's Jupyter leaves out as well: the instructor's tools.
STUDENT_SERVER = {"ServerApp": {"jpserver_extensions": {**UNUSED, "nbgrader.server_extensions.formgrader": False,
                                                        "nbgrader.server_extensions.course_list": False}}}
STUDENT_LAB = {"disabledExtensions": {"@jupyter/nbgrader:formgrader": True, "@jupyter/nbgrader:course-list": True,
                                      "@jupyter/nbgrader:create-assignment": True}}


class ClearHiddenTracebacks(NbGraderPreprocessor):
    """Feedback: an error raised in a cell with hidden tests shows ``Name: message``, not the traceback, whose
    lines quote the hidden tests' code."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code" and "BEGIN HIDDEN TESTS" in cell.source:
            for output in cell.get("outputs", []):
                if output.output_type == "error":
                    output.traceback = [f"{output.ename}: {output.evalue}"]
        return cell, resources


class OverwriteCells(nbgrader.preprocessors.OverwriteCells):
    """nbgrader's OverwriteCells, without its false alarm on hidden-test cells (jupyter/nbgrader#1961).

    The gradebook keeps a hidden-test cell's checksum from before ``generate_assignment`` cleared its
    hidden tests, so nbgrader reports every untouched hidden-test cell as changed. A cell whose source
    is exactly the released one (the stored source with its hidden tests cleared) gets the stored source
    back first; a cell the student did change is still reported, and restored, as nbgrader does."""

    def preprocess_cell(self, cell, resources, index):
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id and cell.cell_type == "code":
            try:
                stored = self.gradebook.find_source_cell(grade_id, self.notebook_id, self.assignment_id)
            except MissingEntry:
                stored = None
            if stored is not None and stored.locked:
                released = nbformat.v4.new_code_cell(stored.source)
                if nbgrader.preprocessors.ClearHiddenTests(parent=self)._remove_hidden_test_region(released) \
                        and cell.source == released.source:
                    cell.source = stored.source
        return super().preprocess_cell(cell, resources, index)


class HubError(RuntimeError):
    pass


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_config(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def set_up_users(root):
    """The exchange, the users' homes with their settings, and the instructor's course."""
    exchange, home = root / "exchange", root / "home"
    exchange.mkdir(parents=True, exist_ok=True)
    exchange.chmod(0o1777)
    course = home / INSTRUCTOR / "course"
    shared = NBGRADER_CONFIG.format(course_id=COURSE_ID, exchange=str(exchange))
    write_config(home / INSTRUCTOR / ".jupyter" / "nbgrader_config.py",
                 shared + INSTRUCTOR_CONFIG.format(course=str(course)))
    write_config(home / INSTRUCTOR / ".jupyter" / "jupyter_server_config.json",
                 json.dumps({"ServerApp": {"jpserver_extensions": UNUSED}}, indent=1))
    write_config(home / STUDENT / ".jupyter" / "nbgrader_config.py", shared + STUDENT_CONFIG.format(student=STUDENT))
    write_config(home / STUDENT / ".jupyter" / "jupyter_server_config.json", json.dumps(STUDENT_SERVER, indent=1))
    write_config(home / STUDENT / ".jupyter" / "labconfig" / "page_config.json", json.dumps(STUDENT_LAB, indent=1))
    for source in sorted((ROOT / "autograder").glob("*/nbgrader")):
        shutil.copytree(source, course / "source" / source.parent.name, dirs_exist_ok=True)
    return course


def student_repository(root):
    """The student repository that ``zoo publish`` writes (without the built site), as the git repository
    the site's launch links pull."""
    from zoo.publish import publish

    repo = root / REPOSITORY
    publish(repo, site=root / "no-site")
    git = ["git", "-C", str(repo), "-c", "user.name=zoo hub", "-c", "user.email=hub@localhost"]
    for command in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "student tree"]):
        subprocess.run(git + command, check=True, capture_output=True)
    return repo


def launch_link(hub_url, repo, path):
    """The site's JupyterHub launch link (book/_ext/zoo_launch.py) with its hub set to ``hub_url``."""
    spec = importlib.util.spec_from_file_location("zoo_launch", ROOT / "book" / "_ext" / "zoo_launch.py")
    zoo_launch = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(zoo_launch)
    settings = {"repo_url": repo.as_uri(), "repo": repo.name, "branch": "main", "hub_url": hub_url.rstrip("/"),
                "ui": zoo_launch.UI_PREFIXES["jupyterlab"]}
    return zoo_launch.hub_url(settings, path)


@dataclass
class Hub:
    url: str  # what a browser opens: http://127.0.0.1:<port>
    root: Path
    password: str
    course: Path  # the instructor's nbgrader course folder
    repository: Path  # the student tree nbgitpuller clones
    process: subprocess.Popen
    log: Path

    def home(self, user):
        return self.root / "home" / user


def end_with_parent():
    """In the hub's child process: receive SIGTERM when the process that started it dies (Linux), so that a
    ``zoo hub`` or a test ended by a signal does not leave the hub running."""
    if sys.platform == "linux":
        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def wait_until_up(hub, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if hub.process.poll() is not None:
            raise HubError(f"jupyterhub exited with {hub.process.returncode}:\n{hub.log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{hub.url}/hub/api/", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise HubError(f"jupyterhub did not answer within {timeout} s:\n{hub.log.read_text()[-3000:]}")


def stop(hub, timeout=30):
    """SIGTERM the hub (it stops the proxy and the users' servers), then end whatever its group left."""
    if hub.process.poll() is None:
        hub.process.send_signal(signal.SIGTERM)
        try:
            hub.process.wait(timeout)
        except subprocess.TimeoutExpired:
            pass
    with contextlib.suppress(ProcessLookupError):
        os.killpg(hub.process.pid, signal.SIGKILL)  # kernels or servers that outlived the hub
    hub.process.wait()


@contextlib.contextmanager
def running_hub(root=None, timeout=90):
    """Start the hub under ``root`` (a temporary folder by default, removed afterwards); yield a :class:`Hub`."""
    if not PROXY.exists():
        raise HubError(f"{PROXY} is missing: run `npm ci` in {ROOT} (configurable-http-proxy, package.json)")
    with contextlib.ExitStack() as stack:
        root = Path(root) if root else Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="zoo-hub-")))
        root = root.resolve()
        course, repo = set_up_users(root), student_repository(root)
        password = secrets.token_urlsafe(12)
        port = free_port()
        config = HUB_CONFIG.format(
            hub_url=f"http://127.0.0.1:{port}", api_url=f"http://127.0.0.1:{free_port()}/hub/",
            proxy_api_url=f"http://127.0.0.1:{free_port()}", proxy=str(PROXY), password=password,
            instructor=INSTRUCTOR, student=STUDENT, home=str(root / "home"),
            singleuser=str(BIN / "jupyterhub-singleuser"))
        write_config(root / "hub" / "jupyterhub_config.py", config)
        log = root / "hub" / "jupyterhub.log"
        env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
        with open(log, "w") as out:
            process = subprocess.Popen([str(BIN / "jupyterhub"), "-f", "jupyterhub_config.py"], cwd=root / "hub",
                                       env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
                                       preexec_fn=end_with_parent)
        hub = Hub(f"http://127.0.0.1:{port}", root, password, course, repo, process, log)
        try:
            wait_until_up(hub, timeout)
            yield hub
        finally:
            stop(hub)


def demo(root=None):
    """``zoo hub --demo``: start the hub, say how to use it, stop it on Ctrl+C."""
    with running_hub(root) as hub:
        nbgrader = sorted(p.relative_to(hub.repository).as_posix()
                          for p in (hub.repository / "release" / "nbgrader").glob("*/*.ipynb"))
        print(f"JupyterHub: {hub.url}   (log: {hub.log})\n"
              f"users: {INSTRUCTOR} (formgrader, course in {hub.course}) and {STUDENT}; password: {hub.password}\n"
              f"exchange: {hub.root / 'exchange'}\n"
              f"instructor: Formgrader > Manage Assignments > Generate, Release; later Collect, Autograde, "
              f"Generate and Release Feedback\n"
              f"student: the Assignments tab > Fetch, work, Validate, Submit; or a launch link:")
        for path in nbgrader:
            print(f"  {launch_link(hub.url, hub.repository, path)}")
        print("Ctrl+C stops the hub and every server it started.", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            while hub.process.poll() is None:
                time.sleep(1)
    return 0
