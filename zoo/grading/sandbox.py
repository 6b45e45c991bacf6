"""A handle on the worker process that holds the student's code (the ``env`` tests receive)."""
import inspect
import json
import os
import resource
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time

from zoo.check import StudentError
from zoo.grading.jail import hideable, interpreter, jail_prefix, package_root
from zoo.grading.protocol import recv, send

START_TIMEOUT = 300  # seconds for a worker to start (import torch) on a slow grading machine


class GraderError(Exception):
    """The grader's own set-up failed (the jail, the worker's start, a missing package): never the student's fault."""


class Sandbox:
    """Runs the student's cells in a fresh interpreter; ``run_probe`` brings back plain arrays.

    ``deadline`` (a ``time.monotonic()`` value) bounds every call; past it the worker is killed and
    the call raises ``StudentError("timed out after N s")``.
    """

    def __init__(self, memory_limit_mb=2048, hide=(), gpu=False):
        self.folder = tempfile.mkdtemp(prefix="zoo-worker-")
        self.log = open(os.path.join(self.folder, "output.log"), "wb")
        to_worker_r, self.to_worker = os.pipe()
        self.from_worker, from_worker_w = os.pipe()
        python = interpreter()
        worker = [python, "-m", "zoo.grading.worker", str(to_worker_r), str(from_worker_w)]
        path = [os.path.realpath(p) for p in (package_root(), *sys.path[1:])]  # links under /tmp vanish in the jail
        env = {"PATH": os.environ.get("PATH", ""), "HOME": self.folder, "MPLBACKEND": "Agg", "PYTHONHASHSEED": "0",
               "PYTHONUNBUFFERED": "1", "OMP_NUM_THREADS": "1", "PYTHONPATH": os.pathsep.join(path)}
        # only the questions marked gpu: true see the GPU; CUDA does not survive a fork (see worker.py)
        env.update({"ZOO_FORK_PROBES": "0"} if gpu else {"CUDA_VISIBLE_DEVICES": ""})
        prefix = jail_prefix()
        self.jailed = prefix is not None
        if self.jailed:
            config = {"hide": hideable(hide), "memory_mb": memory_limit_mb}
            command, cwd, preexec = [*prefix, python, "-m", "zoo.grading.jail", json.dumps(config), "--",
                                     *worker], "/", None
        else:
            limit = memory_limit_mb * 2**20
            command, cwd = worker, self.folder
            preexec = lambda: resource.setrlimit(resource.RLIMIT_AS, (limit, limit))  # noqa: E731
        try:
            self.process = subprocess.Popen(
                command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=self.log, stderr=subprocess.STDOUT,
                pass_fds=(to_worker_r, from_worker_w), start_new_session=True, preexec_fn=preexec)
        except OSError as e:
            for fd in (self.to_worker, self.from_worker):
                os.close(fd)
            self.log.close()
            shutil.rmtree(self.folder, ignore_errors=True)
            raise GraderError(f"the worker could not be started: {e}") from None
        finally:
            os.close(to_worker_r)
            os.close(from_worker_w)
        self.started = time.monotonic()
        self.alive = True
        self.missing = set()  # globals the probes looked for and did not find (the grader says which cell failed)
        self.deadline, self.time_limit = float("inf"), float("inf")

    def wait_until_ready(self):
        """Wait for the worker's first message (it comes once torch is imported; the grader does its own work
        meanwhile); a worker that never sends it failed in the grader's set-up."""
        ready, _, _ = select.select([self.from_worker], [], [], START_TIMEOUT)
        try:
            header, _ = recv(self.from_worker) if ready else ({}, None)
        except (EOFError, OSError, ValueError):
            header = {}
        if not header.get("ready"):
            with open(os.path.join(self.folder, "output.log"), errors="replace") as log:
                lines = [line.strip() for line in log if line.strip()]
            self.close()
            cause = lines[-1] if lines else (f"no answer in {START_TIMEOUT} s" if not ready else "no message")
            raise GraderError(f"the worker did not start ({'jailed' if self.jailed else 'not jailed'}, exit status "
                              f"{self.process.returncode}): {cause}")

    def _call(self, header, arrays=None):
        if not self.alive:
            raise StudentError("the worker running your code is gone (an earlier test ended it)")
        try:
            send(self.to_worker, header, arrays)
            remaining = self.deadline - time.monotonic()
            ready, _, _ = select.select([self.from_worker], [], [], max(remaining, 0))
            if not ready:
                self.close()
                raise StudentError(f"timed out after {round(self.time_limit, 1):g} s")
            return recv(self.from_worker)
        except (EOFError, BrokenPipeError, OSError, ValueError):
            code = self.close()
            raise StudentError(f"the process running your code ended (exit status {code}): "
                               "sys.exit, os._exit, a crash or running out of memory") from None

    def set_time_limit(self, seconds):
        self.time_limit = seconds
        self.deadline = time.monotonic() + seconds

    def exec_cell(self, label, source):
        """Run one of the student's cells; return None, or the error it raised."""
        header, _ = self._call({"op": "exec", "label": label, "source": source})
        return None if header.get("ok") else str(header.get("error"))

    def run_probe(self, probe, inputs):
        source = textwrap.dedent(inspect.getsource(probe))
        header, outputs = self._call({"op": "probe", "name": probe.__name__, "source": source}, inputs)
        if not header.get("ok"):
            if header.get("missing"):
                self.missing.add(str(header["missing"]))
            raise StudentError(str(header.get("error")))
        return outputs or {}

    def close(self):
        """Stop the worker and everything it started; return its exit status."""
        if self.alive:
            self.alive = False
            for fd in (self.to_worker, self.from_worker):
                os.close(fd)
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.process.wait()
            self.log.close()
            shutil.rmtree(self.folder, ignore_errors=True)
        return self.process.returncode
