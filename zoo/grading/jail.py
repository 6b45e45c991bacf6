"""The jail the worker runs in: what the student's code can see, reach and keep running.

``Sandbox`` starts ``unshare --mount --pid --net --fork --kill-child --mount-proc python -m
zoo.grading.jail CONFIG -- WORKER...``. Inside the new namespaces this module

- mounts an empty tmpfs over every path in ``CONFIG["hide"]`` (the tests, the masters, the git
  history, other submissions), over every folder outside the system ones that it does not need
  (other checkouts, homes, data) and over ``/tmp``, so no file of the grader can be read;
- limits the address space (``CONFIG["memory_mb"]``), so a memory bomb fails in the worker alone;
- makes every other file system read-only, so nothing the grader runs later can be changed;
- then execs the worker through ``setpriv`` with no capabilities (it cannot undo the mounts) as
  PID 1 of its namespace (or the zygote, ``zygote.py``, which drops them in each worker it forks): the
  grader's processes are invisible to it, and when it ends every process it started (background jobs, double forks, ``setsid``) is killed by the kernel. With
  ``--net`` it has no network.

Where ``unshare`` is missing or not permitted, ``jail_prefix()`` is None and the worker runs as a
plain child process (the grade says so): the verdict is still computed outside it, but files are readable.
"""
import ctypes
import ctypes.util
import functools
import json
import os
import resource
import shutil
import subprocess
import sys
import sysconfig

MS_RDONLY, MS_REMOUNT, MS_BIND, MS_REC = 1, 32, 4096, 16384
KEPT_FLAGS = {"nosuid": 2, "nodev": 4, "noexec": 8, "noatime": 1024, "nodiratime": 2048, "relatime": 1 << 21}
SPECIAL = ("/proc", "/sys", "/dev", "/tmp")  # kernel file systems, and the jail's own /tmp
SYSTEM = {"/usr", "/lib", "/lib32", "/lib64", "/libx32", "/bin", "/sbin", "/etc", "/run", "/var", *SPECIAL}
DROP_CAPABILITIES = ["--bounding-set=-all", "--inh-caps=-all", "--ambient-caps=-all", "--no-new-privs", "--"]
WORK = "/tmp/work"  # the worker's folder, on the jail's own /tmp


@functools.lru_cache(maxsize=None)
def jail_prefix():
    """The ``unshare`` command line that works on this machine, or None."""
    unshare, setpriv = shutil.which("unshare"), shutil.which("setpriv")
    if unshare is None or setpriv is None:
        return None
    base = [unshare, "--mount", "--pid", "--net", "--fork", "--kill-child", "--mount-proc"]
    for prefix in ([base] if os.geteuid() == 0 else []) + [base[:1] + ["--user", "--map-root-user"] + base[1:]]:
        try:
            if subprocess.run(prefix + ["true"], capture_output=True, timeout=20).returncode == 0:
                return prefix
        except (OSError, subprocess.TimeoutExpired):
            pass
    return None


@functools.lru_cache(maxsize=None)
def libc():
    """The C library, found once: ``find_library`` runs ``ldconfig``, and a process forked after
    ``unshare(CLONE_NEWPID)`` would become, and by exiting end, the new namespace's PID 1 (see ``zygote.py``)."""
    return ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)


def mount(source, target, fstype, flags, data=None):
    if libc().mount(source and os.fsencode(source), os.fsencode(target), fstype and os.fsencode(fstype),
                  flags, data and os.fsencode(data)) != 0:
        raise OSError(ctypes.get_errno(), f"jail: cannot mount {target}: {os.strerror(ctypes.get_errno())}")


def mount_points():
    """``(mount point, options)`` of this mount namespace, from /proc/self/mountinfo."""
    with open("/proc/self/mountinfo") as f:
        fields = [line.split() for line in f]
    return [(f[4].encode().decode("unicode_escape"), f[5].split(",")) for f in fields]


def make_read_only(skip):
    for point, options in mount_points():
        if point in skip or any(point == s or point.startswith(s + "/") for s in SPECIAL) or "ro" in options:
            continue
        flags = sum(KEPT_FLAGS.get(o, 0) for o in options)
        mount(None, point, None, MS_REMOUNT | MS_BIND | MS_RDONLY | flags)


def outermost(paths):
    paths = sorted({os.path.realpath(p) for p in paths})
    return [p for p in paths if not any(p.startswith(q + "/") for q in paths)]


def empty_tmp():
    """A fresh /tmp, with what the worker needs from the old one (a checkout or venv there) bound back.

    Paths are compared resolved: a venv reached through a link under /tmp but stored elsewhere needs nothing
    from /tmp (the worker is started through ``interpreter()``, never through the link)."""
    keep = [p for p in outermost(needed_paths()) if p.startswith("/tmp/")]
    handles = [os.open(path, os.O_PATH) for path in keep]  # reachable after /tmp is covered
    mount("tmpfs", "/tmp", "tmpfs", 0, "mode=0755")
    for path, handle in zip(keep, handles):
        os.makedirs(path)
        mount(f"/proc/self/fd/{handle}", path, None, MS_BIND | MS_REC)  # with the hiding mounts inside it
        mount(None, path, None, MS_REMOUNT | MS_BIND | MS_RDONLY)
        os.close(handle)


def all_but_needed(keep, folder="/"):
    """Every folder outside the system ones that holds nothing in ``keep``: other checkouts, homes,
    data. Folders on the way to a kept one are entered, and their other folders hidden."""
    found = []
    for entry in os.scandir(folder):
        path = entry.path
        if not entry.is_dir(follow_symlinks=False) or path in SYSTEM or path in keep:
            continue
        if any(k.startswith(path + "/") for k in keep):
            found += all_but_needed(keep, path)
        else:
            found.append(path)
    return found


def hide(paths):
    """Cover each folder of ``paths`` with an empty read-only file system; return the folders covered."""
    hidden = outermost(p for p in paths if os.path.isdir(p))
    for path in hidden:
        mount("tmpfs", path, "tmpfs", MS_RDONLY, "size=4k,mode=0555")
    return hidden


def enter(config):
    """Run in the new namespaces, before the worker: hide, freeze the file systems, limit memory."""
    hidden = hide(config["hide"] + all_but_needed(outermost(needed_paths())))
    make_read_only(set(hidden))
    empty_tmp()
    os.makedirs(WORK)
    os.chdir(WORK)
    os.environ["HOME"] = WORK
    limit = config["memory_mb"] * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def interpreter():
    """This Python, reached through its folder's real path: a link under /tmp leads nowhere once the jail
    covers /tmp. Only the folder is resolved: a venv's ``python`` is itself a link to the base interpreter,
    and Python finds its venv from the path it was started by."""
    return os.path.join(os.path.realpath(os.path.dirname(sys.executable)), os.path.basename(sys.executable))


def package_root():
    """The folder holding the ``zoo`` package this process runs (the worker must run the same one)."""
    import zoo

    return os.path.dirname(os.path.dirname(zoo.__file__))


def needed_paths():
    """Folders the worker must still read: the course package and the Python installation."""
    return [package_root(), sys.prefix, sys.base_prefix,
            *(sysconfig.get_path(name) for name in ("stdlib", "platstdlib", "purelib", "platlib"))]


def hideable(paths):
    """The paths among ``paths`` that exist and hold nothing the worker needs."""
    needed = [os.path.realpath(p) for p in needed_paths()]
    chosen = []
    for path in {os.path.realpath(p) for p in paths}:
        inside = [n for n in needed if n == path or n.startswith(path.rstrip("/") + "/")]
        if os.path.isdir(path) and not inside and path != "/":
            chosen.append(path)
    return outermost(chosen)


if __name__ == "__main__":
    split = sys.argv.index("--")
    config = json.loads(sys.argv[1])
    enter(config)
    if config.get("zygote"):  # it needs its capabilities to jail each worker it forks, and drops them in each
        os.execv(sys.argv[split + 1], sys.argv[split + 1:])
    setpriv = shutil.which("setpriv")
    os.execv(setpriv, [setpriv, *DROP_CAPABILITIES, *sys.argv[split + 1:]])
