"""The zygote: one jailed interpreter that has imported torch once and forks a fresh worker per submission.

Starting a worker costs about 3 s, almost all of it ``import torch``; the probes of a whole submission cost
1-2 s. So the grader starts, per memory limit, one process in the jail (``jail.py``, with ``hide`` empty) that
imports what every worker needs and then waits. Each ``Sandbox`` asks it for a worker, in three steps:

1. the zygote forks a *keeper*; the zygote itself never runs the student's code, and keeps its capabilities
   (grading a batch, it also imports ``torch._dynamo`` once, which an optimiser's first step needs);
2. the keeper moves into a new mount and PID namespace, covers this submission's secret paths (the tests,
   the masters, the submission's own folder) with empty read-only file systems, and forks the worker;
3. the worker is PID 1 of its namespace and leads a session of its own (so, as with a worker started on its
   own, everything it starts dies with it, and ``os.kill(-1)`` or ``os.killpg(0)`` reach only its own
   processes), mounts its own ``/proc`` (it sees no other
   worker and not the zygote) and an empty working folder, drops every capability (it cannot undo a
   mount), and runs ``worker.main`` on the pipes the grader passed.

The keeper hands the grader a pidfd of the worker (the grader is outside the zygote's PID namespace, so a
PID would mean nothing to it), waits for the worker and reports its exit status. Killing the zygote (PID 1 of
the jail's namespace) kills every worker it made: ``stop_workers`` of ``zoo grade-all`` relies on it.
"""
import atexit
import ctypes
import json
import os
import select
import signal
import socket
import subprocess
import sys
import tempfile
import threading

from zoo.grading.jail import WORK, hide, libc, mount

CLONE_NEWNS, CLONE_NEWPID = 0x00020000, 0x20000000
MS_NOSUID, MS_NODEV, MS_NOEXEC = 2, 4, 8
PR_CAPBSET_DROP, PR_SET_NO_NEW_PRIVS, PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL = 24, 38, 47, 4
CAPABILITY_VERSION_3 = 0x20080522
FORK_TIMEOUT = 60  # seconds for a keeper to report its worker: a fork and a few mounts


def check(result, what):
    if result != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"zygote: {what}: {os.strerror(errno)}")


class CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]


def drop_capabilities():
    """What ``setpriv --bounding-set=-all --inh-caps=-all --ambient-caps=-all --no-new-privs`` does, then
    the permitted and effective sets too; checked in /proc, since a worker that kept one could undo the jail."""
    c = libc()
    with open("/proc/sys/kernel/cap_last_cap") as f:
        last = int(f.read())
    for cap in range(last + 1):
        check(c.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0), f"dropping capability {cap}")
    check(c.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0), "clearing ambient capabilities")
    check(c.capset(ctypes.byref(CapHeader(CAPABILITY_VERSION_3, 0)), (CapData * 2)()), "capset")
    check(c.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no_new_privs")
    with open("/proc/self/status") as f:
        kept = [line.split()[0] for line in f if line.startswith("Cap") and int(line.split()[1], 16)]
    if kept:
        raise OSError(f"zygote: capabilities left after dropping them: {kept}")


def become_worker(in_fd, out_fd, log_fd):
    """In the worker (PID 1 of a new namespace): its own /proc and working folder, no capabilities, then
    ``worker.main``. Never returns."""
    from zoo.grading import worker

    code = 0
    try:
        os.setsid()  # a group of its own: ``killpg(0)`` from the student's code must not reach the zygote's group
        mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
        mount("tmpfs", WORK, "tmpfs", 0, "mode=0755")
        os.chdir(WORK)
        os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
        os.dup2(log_fd, 1)
        os.dup2(log_fd, 2)
        keep = sorted({in_fd, out_fd})
        os.closerange(3, keep[0])
        os.closerange(keep[0] + 1, keep[-1])
        os.closerange(keep[-1] + 1, os.sysconf("SC_OPEN_MAX"))
        drop_capabilities()
        worker.main(in_fd, out_fd)
    except BaseException as e:  # the set-up failed: the grader reads this line in the log, as for a spawned worker
        print(f"the worker did not start: {type(e).__name__}: {e}", flush=True)
        code = 1
    finally:
        sys.stdout.flush()
        os._exit(code)


def keep_worker(request, in_fd, out_fd, log_fd, control):
    """In the keeper: a new mount and PID namespace with this submission's secrets hidden; fork the worker,
    send its pidfd, wait for it and send its exit status. Never returns."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # the zygote ignores it, and then waitpid could not wait
    try:
        check(libc().unshare(CLONE_NEWNS | CLONE_NEWPID), "unshare")
        hide(request["hide"])
        pid = os.fork()
        if pid == 0:
            control.close()
            become_worker(in_fd, out_fd, log_fd)
        for fd in (in_fd, out_fd, log_fd):
            os.close(fd)
        pidfd = os.pidfd_open(pid)
        socket.send_fds(control, [b'{"started": true}'], [pidfd])
        os.close(pidfd)
        _, status = os.waitpid(pid, 0)
        control.send(json.dumps({"exit": os.waitstatus_to_exitcode(status)}).encode())
    except BaseException as e:
        try:
            control.send(json.dumps({"error": f"{type(e).__name__}: {e}"}).encode())
        except OSError:
            pass
    finally:
        os._exit(0)


def serve(sock_fd):
    """The zygote's loop: import once, say ready, fork a keeper per request until the grader closes the socket."""
    from IPython.core.inputtransformer2 import TransformerManager  # noqa: F401  (what every worker imports)
    import numpy  # noqa: F401
    import torch  # noqa: F401

    import zoo.check  # noqa: F401
    import zoo.grading.protocol  # noqa: F401
    import zoo.grading.worker  # noqa: F401

    libc()  # found now: see its docstring
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # keepers are reaped by the kernel
    sock = socket.socket(fileno=sock_fd)
    sock.send(b'{"ready": true}')
    forked, warm = 0, False
    while True:
        if forked > 1 and not warm and not select.select([sock], [], [], 0)[0]:
            # an optimiser's first step imports it (2 s): once, when a batch is being graded, while a worker runs
            import torch._dynamo  # noqa: F401
            warm = True
        try:
            message, fds, _, _ = socket.recv_fds(sock, 1 << 16, 4)
        except OSError:
            return
        if not message:
            return  # the grader is gone
        control = socket.socket(fileno=fds[3])
        try:
            if os.fork() == 0:
                sock.close()
                keep_worker(json.loads(message), *fds[:3], control)
            forked += 1
        except OSError as e:
            control.send(json.dumps({"error": f"the zygote could not fork: {e}"}).encode())
        for fd in fds[:3]:
            os.close(fd)
        control.close()


class Zygote:
    """The grader's handle on a zygote; ``Zygote.shared(python, memory_mb)`` gives this process's one for that
    interpreter and memory limit, started when there is none (or it died)."""

    _started = {}
    _lock = threading.Lock()

    @classmethod
    def shared(cls, python, memory_mb):
        with cls._lock:
            zygote = cls._started.get((python, memory_mb))
            if zygote is None or not zygote.alive():
                zygote = cls._started[python, memory_mb] = cls(python, memory_mb)
            return zygote

    def __init__(self, python, memory_mb):
        from zoo.grading.jail import jail_prefix
        from zoo.grading.sandbox import GraderError, worker_environment

        self.lock = threading.Lock()
        self.sock, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.log = tempfile.NamedTemporaryFile(prefix="zoo-zygote-", suffix=".log")
        config = {"hide": [], "memory_mb": memory_mb, "zygote": True}
        command = [*jail_prefix(), python, "-m", "zoo.grading.jail", json.dumps(config), "--",
                   python, "-m", "zoo.grading.zygote", str(theirs.fileno())]
        try:
            self.process = subprocess.Popen(command, cwd="/", env=worker_environment(), stdin=subprocess.DEVNULL,
                                            stdout=self.log, stderr=subprocess.STDOUT, pass_fds=(theirs.fileno(),),
                                            start_new_session=True)
        except OSError as e:
            raise GraderError(f"the zygote could not be started: {e}") from None
        finally:
            theirs.close()
        self.ready = False
        atexit.register(self.close)

    def wait_until_ready(self, start_timeout):
        """The zygote's first message comes once it has imported torch; raises ``OSError`` when it never comes."""
        if self.ready:
            return
        answer = select.select([self.sock], [], [], start_timeout)[0] and self.sock.recv(64)
        if answer != b'{"ready": true}':
            with open(self.log.name, errors="replace") as log:
                lines = [line.strip() for line in log if line.strip()]
            self.close()
            cause = lines[-1] if lines else f"no answer in {start_timeout} s"
            raise OSError(f"the zygote did not start (exit status {self.process.returncode}): {cause}")
        self.ready = True

    def alive(self):
        return self.process.poll() is None

    def fork(self, hide, in_fd, out_fd, log_fd):
        """Start a worker on these pipes; return ``(pidfd, control socket)``. Raises ``OSError`` when the zygote
        or its keeper failed."""
        from zoo.grading.sandbox import START_TIMEOUT

        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            with self.lock:
                self.wait_until_ready(START_TIMEOUT)
                socket.send_fds(self.sock, [json.dumps({"hide": hide}).encode()],
                                [in_fd, out_fd, log_fd, theirs.fileno()])
            theirs.close()
            if not select.select([ours], [], [], FORK_TIMEOUT)[0]:
                raise OSError(f"no worker from the zygote in {FORK_TIMEOUT} s")
            message, fds, _, _ = socket.recv_fds(ours, 4096, 1)
            reply = json.loads(message or b'{"error": "the zygote ended"}')
            if "error" in reply or not fds:
                raise OSError(reply.get("error", "no pidfd"))
            return fds[0], ours
        except BaseException:
            theirs.close()
            ours.close()
            raise

    def close(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)  # PID 1 of the jail's namespace: every worker dies with it
        self.process.wait()
        self.sock.close()
        self.log.close()


if __name__ == "__main__":
    serve(int(sys.argv[1]))
    os._exit(0)
