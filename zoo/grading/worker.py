"""The worker: runs the student's cells and the probes the grader sends, nothing else.

Started as ``python -m zoo.grading.worker IN_FD OUT_FD`` in an empty folder. Its stdout and stderr
go to a log the grader never parses, so printing a fake score changes nothing.
"""
import builtins
import os
import sys
import traceback


def short_traceback(error):
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename.startswith("<cell")]
    where = f" (line {frames[-1].lineno} of {frames[-1].filename[1:-1]})" if frames else ""
    return f"{type(error).__name__}: {error}{where}"


def reset_global_state():
    """Give every probe the state a fresh interpreter has, whatever the student's cells changed."""
    import torch

    torch.set_grad_enabled(True)
    torch.set_default_dtype(torch.float32)
    torch.manual_seed(0)
    torch.use_deterministic_algorithms(False)


class NoIPython:
    """What ``get_ipython()`` returns here: magics and shell commands do nothing when grading."""

    def __getattr__(self, name):
        return lambda *args, **kwargs: None


def main(in_fd, out_fd):
    from IPython.core.inputtransformer2 import TransformerManager

    from zoo.check import StudentError, to_plain
    from zoo.grading.protocol import recv, send

    import zoo.check
    import zoo.data

    # the student's cells import the course modules by their shipped names
    sys.modules.update({"zoo_check": zoo.check, "zoo_data": zoo.data})
    transformer = TransformerManager()
    namespace = {"__name__": "__main__", "__builtins__": builtins, "get_ipython": NoIPython}
    failed_cells = {}
    while True:
        try:
            header, arrays = recv(in_fd)
        except EOFError:
            return
        if header["op"] == "exec":
            label = f"<cell {header['label']}>"
            try:
                exec(compile(transformer.transform_cell(header["source"]), label, "exec"), namespace)
                send(out_fd, {"ok": True})
            except BaseException as e:  # SystemExit included: a cell cannot end the worker quietly
                failed_cells[header["label"]] = short_traceback(e)
                send(out_fd, {"ok": False, "error": failed_cells[header["label"]]})
        elif header["op"] == "probe":
            try:
                reset_global_state()
                scope = {"__builtins__": builtins}
                exec(compile(header["source"], "<probe>", "exec"), scope)
                outputs = to_plain(scope[header["name"]](namespace, **(arrays or {})))
                send(out_fd, {"ok": True}, outputs)
            except StudentError as e:
                send(out_fd, {"ok": False, "error": str(e)})
            except KeyError as e:
                missing = e.args[0] if e.args else None
                if isinstance(missing, str) and missing not in namespace:
                    hint = "; ".join(f"{cell}: {err}" for cell, err in failed_cells.items())
                    error = f"{missing} is not defined" + (f" (cells that failed: {hint})" if hint else "")
                else:
                    error = f"your code raised KeyError: {e}"
                send(out_fd, {"ok": False, "error": error})
            except BaseException as e:
                send(out_fd, {"ok": False, "error": f"your code raised {short_traceback(e)}"})


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
    os._exit(0)
