"""The worker: runs the student's cells, then answers each probe from a fresh fork of itself.

Started as ``python -m zoo.grading.worker IN_FD OUT_FD``, inside the jail (``jail.py``) where there
is one. Its stdout and stderr go to a log the grader never parses, so printing a fake score changes
nothing.

- A cell that leaves a thread running is reported as failed (the grader leaves it out): a thread
  could otherwise act later, in the middle of another question's tests.
- After every cell, processes the cell started are killed (the worker is PID 1 of its namespace).
- Each probe runs in a child forked from the worker after the cells, from the state a fresh
  interpreter has (``reset_global_state``, applied in the worker once after the cells): what one test
  does to the interpreter (patches, global state, ``os._exit``) never reaches the next test, and the
  child has none of the cells' threads. The child's answer travels through a private pipe, so a child
  that dies without answering is reported as such. The GPU worker (``ZOO_FORK_PROBES=0``) answers
  in its own process instead: CUDA cannot be used again in a forked child.
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


def probe_in_child(namespace, header, arrays, out_fd, exited):
    """Answer a probe from a child; ``exited`` collects the children that answered and are still ending:
    they are reaped later, without waiting (tearing down a copy of torch takes as long as the fork)."""
    import importlib

    from zoo.grading.protocol import read_message, send

    reply_r, reply_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(reply_r)
        try:
            reply, outputs = answer_probe(namespace, header, arrays, reset=False)
            reply["imported"] = [name for name in LAZY_IMPORTS if name in sys.modules]
            send(reply_w, reply, outputs)
            os.close(reply_w)  # the end of the message now, not once the exit has torn down the memory
        finally:
            os._exit(0)
    os.close(reply_w)
    message = read_message(reply_r)
    os.close(reply_r)
    for name in message[0].pop("imported", []) if message and isinstance(message[0], dict) else []:
        if name in LAZY_IMPORTS and name not in sys.modules:
            importlib.import_module(name)
    if message is None:
        _, status = os.waitpid(pid, 0)
        code = os.waitstatus_to_exitcode(status)
        message = ({"ok": False, "error": f"the process running your code ended (exit status {code}) before the "
                                          "test got its outputs: sys.exit, os._exit, a crash or running out of memory"},
                   None)
    else:
        exited.append(pid)
    send(out_fd, *message)
    exited[:] = [child for child in exited if still_running(child)]


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
    exited, reset = [], False
    while True:
        try:
            header, arrays = recv(in_fd)
        except EOFError:
            return
        if header["op"] == "exec":
            error = exec_cell(transformer, namespace, header)
            reset = False
            send(out_fd, {"ok": error is None, "error": error})
        elif header["op"] == "probe" and fork_probes:
            if not reset:  # once after the cells, not in every probe's process: probes cannot change the worker
                reset_global_state()
                reset = True
            probe_in_child(namespace, header, arrays, out_fd, exited)
        elif header["op"] == "probe":
            send(out_fd, *answer_probe(namespace, header, arrays))


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
    os._exit(0)
