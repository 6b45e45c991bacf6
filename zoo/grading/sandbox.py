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


def worker_environment(home="/"):
    """The environment of a worker (and of the zygote that forks workers): the course package importable by the
    real paths (links under /tmp vanish in the jail), no GPU, one thread, nothing of the grader's own."""
    path = [os.path.realpath(p) for p in (package_root(), *sys.path[1:])]
    return {"PATH": os.environ.get("PATH", ""), "HOME": home, "MPLBACKEND": "Agg", "PYTHONHASHSEED": "0",
            "PYTHONUNBUFFERED": "1", "OMP_NUM_THREADS": "1", "PYTHONPATH": os.pathsep.join(path),
            "CUDA_VISIBLE_DEVICES": ""}


def start_zygote(memory_limit_mb):
    """Start this process's zygote for ``memory_limit_mb`` ahead of grading, so that its ``import torch``
    (about 3 s) overlaps the caller's work; the next ``Sandbox`` with that limit forks from it. Nothing where
    there is no jail (each worker is then a process of its own)."""
    from zoo.grading.zygote import Zygote

    if jail_prefix() is not None:
        Zygote.shared(interpreter(), memory_limit_mb)


class Sandbox:
    """Runs the student's cells in a fresh interpreter; ``run_probe`` brings back plain arrays.

    Jailed, the worker is forked from the zygote (``zygote.py``: torch is imported once per grader, not once
    per submission); a GPU worker, or one where there is no jail, is a process of its own.
    ``deadline`` (a ``time.monotonic()`` value) bounds every call; past it the worker is killed and
    the call raises ``StudentError("timed out after N s")``.
    """

    def __init__(self, memory_limit_mb=2048, hide=(), gpu=False):
        from zoo.grading.zygote import Zygote

        self.folder = tempfile.mkdtemp(prefix="zoo-worker-")
        self.log = open(os.path.join(self.folder, "output.log"), "wb")
        to_worker_r, self.to_worker = os.pipe()
        self.from_worker, from_worker_w = os.pipe()
        self.worker_ends = (to_worker_r, from_worker_w)  # handed to the worker, then closed here
        self.jailed = jail_prefix() is not None
        self.process = self.zygote = self.pidfd = self.control = self.returncode = None
        self.hidden = hideable(hide)
        try:
            if self.jailed and not gpu:  # started here, forked in ``wait_until_ready``: the grader works meanwhile
                self.zygote = Zygote.shared(interpreter(), memory_limit_mb)
            else:
                self.process = self.spawn(memory_limit_mb, gpu)
        except (OSError, GraderError) as e:
            self.alive = True
            self.close()
            raise GraderError(f"the worker could not be started: {e}") from None
        self.started = time.monotonic()
        self.alive = True
        self.missing = set()  # globals the probes looked for and did not find (the grader says which cell failed)
        self.test = None  # the test whose probes are run: they share one process of the worker (None: one each)
        self.deadline, self.time_limit = float("inf"), float("inf")

    def spawn(self, memory_limit_mb, gpu):
        python = interpreter()
        worker = [python, "-m", "zoo.grading.worker", *map(str, self.worker_ends)]
        env = worker_environment(home=self.folder)
        if gpu:  # only the questions marked gpu: true see the GPU; CUDA does not survive a fork (see worker.py)
            env["ZOO_FORK_PROBES"] = "0"
            del env["CUDA_VISIBLE_DEVICES"]
        if self.jailed:
            config = {"hide": self.hidden, "memory_mb": memory_limit_mb}
            command, cwd, preexec = [*jail_prefix(), python, "-m", "zoo.grading.jail", json.dumps(config), "--",
                                     *worker], "/", None
        else:
            limit = memory_limit_mb * 2**20
            command, cwd = worker, self.folder
            preexec = lambda: resource.setrlimit(resource.RLIMIT_AS, (limit, limit))  # noqa: E731
        try:
            return subprocess.Popen(
                command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=self.log, stderr=subprocess.STDOUT,
                pass_fds=self.worker_ends, start_new_session=True, preexec_fn=preexec)
        finally:
            self.close_worker_ends()

    def close_worker_ends(self):
        for fd in self.worker_ends:
            os.close(fd)
        self.worker_ends = ()

    def wait_until_ready(self):
        """Wait for the worker's first message (it comes once torch is imported, or forked from a zygote that has
        imported it; the grader does its own work meanwhile); a worker that never sends it failed in the grader's
        set-up."""
        if self.worker_ends:  # a worker of the zygote, not forked yet
            try:
                self.pidfd, self.control = self.zygote.fork(self.hidden, *self.worker_ends, self.log.fileno())
            except OSError as e:
                self.close()
                raise GraderError(f"the worker could not be started: {e}") from None
            finally:
                if self.worker_ends:
                    self.close_worker_ends()
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
        header, outputs = self._call({"op": "probe", "name": probe.__name__, "source": source, "test": self.test},
                                     inputs)
        if not header.get("ok"):
            if header.get("missing"):
                self.missing.add(str(header["missing"]))
            raise StudentError(str(header.get("error")))
        return outputs or {}

    def close(self):
        """Stop the worker and everything it started; return its exit status."""
        if self.alive:
            self.alive = False
            for fd in (self.to_worker, self.from_worker, *self.worker_ends):
                os.close(fd)
            self.worker_ends = ()
            if self.pidfd is not None:
                self.returncode = self.stop_forked()
            elif self.process is not None:
                try:
                    os.killpg(self.process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.returncode = self.process.wait()
            self.log.close()
            shutil.rmtree(self.folder, ignore_errors=True)
        return self.returncode

    def stop_forked(self):
        """Kill a worker of the zygote (PID 1 of its namespace: what it started dies too); its keeper reports
        how it ended."""
        try:
            signal.pidfd_send_signal(self.pidfd, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.close(self.pidfd)
        ready = select.select([self.control], [], [], 30)[0]
        message = self.control.recv(4096) if ready else b""
        self.control.close()
        try:
            return json.loads(message)["exit"]
        except (ValueError, KeyError):
            return None
