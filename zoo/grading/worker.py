"""The worker: runs the student's cells, then answers each test's probes from a fresh fork of itself.

Started as ``python -m zoo.grading.worker IN_FD OUT_FD``, inside the jail (``jail.py``) where there
is one. Its stdout and stderr go to a log the grader never parses, so printing a fake score changes
nothing.

- A cell that leaves a thread running is reported as failed (the grader leaves it out): a thread
  could otherwise act later, in the middle of another question's tests.
- After every cell, processes the cell started are killed (the worker is PID 1 of its namespace).
- Each test's probes run in a child forked from the worker after the cells, from the state a fresh
  interpreter has (``reset_global_state``, applied in the worker once after the cells, and in the child
  before each probe after its first): what one test does to the interpreter (patches, global state,
  ``os._exit``) never reaches the next test, and the child has none of the cells' threads. One child per
  test, not per probe: a fork of a process holding torch, and its teardown, cost about 25 ms of CPU, and a
  test makes 1 to 10 probes. The answers travel through the child's private pipe, so a child that dies
  without answering is reported as such. The GPU worker (``ZOO_FORK_PROBES=0``) answers in its own
  process instead: CUDA cannot be used again in a forked child.
"""
import builtins
import os
import signal
import sys
import threading
import traceback


def short_traceback(error):
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename.startswith("<cell")]
    where = f" (line {frames[-1].lineno} of {frames[-1].filename[1:-1]})" if frames else ""
    return f"{type(error).__name__}: {error}{where}"


def reset_global_state():
    """Give every probe the state a fresh interpreter has, whatever the student's cells changed."""
    import torch

    from zoo import alias_shipped_modules

    alias_shipped_modules()  # a cell may have replaced ``zoo_check`` in sys.modules; probes import from it
    torch.set_grad_enabled(True)
    torch.set_default_dtype(torch.float32)
    torch.manual_seed(0)
    if torch.are_deterministic_algorithms_enabled():  # setting it costs seconds in a forked child
        torch.use_deterministic_algorithms(False)


class NoIPython:
    """What ``get_ipython()`` returns here: magics and shell commands do nothing when grading."""

    def __getattr__(self, name):
        return lambda *args, **kwargs: None


def stop_background_processes():
    """Kill what the last cell left running; True when there was something."""
    if os.getpid() != 1:  # not jailed: the grader's process group kill is all there is
        return False
    try:
        os.kill(-1, signal.SIGKILL)  # from PID 1: every other process of the namespace
    except ProcessLookupError:
        return False  # there was none
    stopped = False
    while True:
        try:
            pid, _ = os.waitpid(-1, 0)
        except ChildProcessError:
            return stopped
        stopped = stopped or pid > 0


LINGERING = "the cell started a thread that was still running when it ended"
BUILTINS = dict(vars(builtins))  # as the interpreter started: the worker's own code relies on them


def restore_builtins(current=vars(builtins)):
    for name in [name for name in current if name not in BUILTINS]:
        del current[name]
    current.update(BUILTINS)


def exec_cell(transformer, namespace, header):
    threads = set(threading.enumerate())
    try:
        exec(compile(transformer.transform_cell(header["source"]), f"<cell {header['label']}>", "exec"), namespace)
        error = None
    except BaseException as e:  # SystemExit included: a cell cannot end the worker quietly
        error = short_traceback(e)
    restore_builtins()
    lingering = [t.name for t in threading.enumerate() if t not in threads and t.is_alive()]
    if lingering:
        error = (f"{LINGERING} ({', '.join(lingering)}); graded cells must finish their work "
                 "(train in cells marked otter_ignore)")
    if stop_background_processes():
        error = error or "the cell started a process that was still running when it ended; it was stopped"
    return error


def answer_probe(namespace, header, arrays, reset=True):
    """Run one probe; return the reply ``(header, arrays)``; ``missing`` names a global the student's
    cells should have defined (the grader says which cell failed to). ``reset=False``: the worker reset
    the global state before forking this probe's process."""
    from zoo.check import StudentError, to_plain

    try:
        if reset:
            reset_global_state()
        scope = {"__builtins__": builtins}
        exec(compile(header["source"], "<probe>", "exec"), scope)
        outputs = scope[header["name"]](namespace, **(arrays or {}))
        restore_builtins()
        return {"ok": True}, to_plain(outputs)
    except StudentError as e:
        return {"ok": False, "error": str(e)}, None
    except KeyError as e:
        missing = e.args[0] if e.args else None
        if isinstance(missing, str) and missing not in namespace:
            return {"ok": False, "error": f"{missing} is not defined", "missing": missing}, None
        return {"ok": False, "error": f"your code raised KeyError: {e}"}, None
    except BaseException as e:
        missing = e.name if type(e) is NameError else None  # a global the student's code needs
        return {"ok": False, "error": f"your code raised {short_traceback(e)}", "missing": missing}, None


# Modules that torch imports on first use at a cost: an optimiser's first step imports torch._dynamo (2 s).
# A forked probe that imported one tells the worker, which imports it once, so that later forks inherit it.
LAZY_IMPORTS = ("torch._dynamo",)


class TestChild:
    """The child that answers one test's probes (``header["test"]`` names the test; a probe without one gets
    a child of its own). ``exited`` collects the children that are ending: they are reaped later, without
    waiting (tearing down a copy of torch takes as long as the fork)."""

    def __init__(self, namespace, test, exited, worker_fds):
        self.test, self.exited = test, exited
        requests_r, self.requests = os.pipe()
        self.replies, replies_w = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:
            for fd in (self.requests, self.replies, *worker_fds):  # the child talks to the worker only
                os.close(fd)
            try:
                serve_test(namespace, requests_r, replies_w)
            finally:
                os._exit(0)
        os.close(requests_r)
        os.close(replies_w)

    def ask(self, header, arrays):
        """The child's reply, or an error reply when it ended (or garbled its answer) before answering."""
        from zoo.grading.protocol import recv, send

        try:
            send(self.requests, header, arrays)
            reply, outputs = recv(self.replies)
            if not isinstance(reply, dict):
                raise ValueError("not a reply")
            return reply, outputs
        except (EOFError, BrokenPipeError, OSError, ValueError):
            self.close_pipes()
            os.kill(self.pid, signal.SIGKILL)  # a garbled answer: the child may still be running
            _, status = os.waitpid(self.pid, 0)
            code = os.waitstatus_to_exitcode(status)
            return ({"ok": False, "error": f"the process running your code ended (exit status {code}) before the "
                                           "test got its outputs: sys.exit, os._exit, a crash or running out of memory"},
                    None)

    def close(self):
        """End the child: it reads the end of its requests and exits."""
        if self.requests is not None:
            self.close_pipes()
            self.exited.append(self.pid)

    def close_pipes(self):
        os.close(self.requests)
        os.close(self.replies)
        self.requests = self.replies = None


def serve_test(namespace, requests, replies):
    """In the child: answer probes until the worker closes the requests pipe."""
    from zoo.grading.protocol import recv, send

    first = True
    while True:
        try:
            header, arrays = recv(requests)
        except EOFError:
            return
        reply, outputs = answer_probe(namespace, header, arrays, reset=not first)  # the worker reset it for the first
        first = False
        reply["imported"] = [name for name in LAZY_IMPORTS if name in sys.modules]
        send(replies, reply, outputs)


def answer_in_child(child, namespace, header, arrays, worker_fds, exited):
    """Send the grader the answer to a probe from the child of its test (forked when the test is new); return
    the child to keep for the test's next probe, or None."""
    import importlib

    from zoo.grading.protocol import send

    test = header.get("test")
    if child is not None and (test is None or child.test != test):
        child.close()
        child = None
    child = child or TestChild(namespace, test, exited, worker_fds)
    reply, outputs = child.ask(header, arrays)
    for name in reply.pop("imported", []):
        if name in LAZY_IMPORTS and name not in sys.modules:
            importlib.import_module(name)
    send(worker_fds[1], reply, outputs)
    exited[:] = [pid for pid in exited if still_running(pid)]
    if child.requests is None or test is None:
        child.close()
        return None
    return child


def still_running(child):
    try:
        return os.waitpid(child, os.WNOHANG) == (0, 0)
    except ChildProcessError:  # reaped already, by ``stop_background_processes``
        return False


def main(in_fd, out_fd):
    from IPython.core.inputtransformer2 import TransformerManager
    import torch  # noqa: F401  (the probes need it: a missing package is the grader's, found before any cell)

    from zoo import alias_shipped_modules
    from zoo.grading.protocol import recv, send

    alias_shipped_modules()  # the student's cells import the course modules by their shipped names
    send(out_fd, {"ready": True})  # the set-up worked: what fails from here on is the student's code
    transformer = TransformerManager()
    namespace = {"__name__": "__main__", "__builtins__": builtins, "get_ipython": NoIPython}
    fork_probes = os.environ.get("ZOO_FORK_PROBES", "1") == "1"
    exited, reset, child = [], False, None
    while True:
        try:
            header, arrays = recv(in_fd)
        except EOFError:
            return
        if header["op"] == "exec":
            if child is not None:  # the cells change what a test's child would have seen
                child.close()
                child = None
            error = exec_cell(transformer, namespace, header)
            reset = False
            send(out_fd, {"ok": error is None, "error": error})
        elif header["op"] == "probe" and fork_probes:
            if not reset:  # once after the cells, not in every test's process: probes cannot change the worker
                reset_global_state()
                reset = True
            child = answer_in_child(child, namespace, header, arrays, (in_fd, out_fd), exited)
        elif header["op"] == "probe":
            send(out_fd, *answer_probe(namespace, header, arrays))


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
    os._exit(0)
