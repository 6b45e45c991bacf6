"""``zoo publish DIR``: the student-only repository, the one the site's links and the hub point at.

This repository holds the masters (solutions, hidden tests), so it can never be public. ``publish``
writes what students may see into ``DIR`` (a clone of the public repository): the releases
(``release/``: both flavours, each with the course's modules, ``zoo_data.py`` the data loaders among
them), the book's sources and configuration, the built site when there is one (``_build/html``)
and a README for students with each chapter's links. The links come from ``_config.yml``
(``zoo.course``), the one place they are set. ``assignments/``, ``autograder/``, ``tests/``,
``bench/`` and ``zoo/`` are never copied, and the tree written is searched for the markers of
instructor-only material before ``publish`` returns.

``DIR`` may exist: files that an earlier ``publish`` wrote (listed in ``.zoo-publish``) are replaced,
anything else (``.git``, a licence, a CI workflow) is left alone. A folder that holds other files
and no ``.zoo-publish`` is refused, so that a wrong path cannot be overwritten.
"""
import importlib.util
import shutil
from pathlib import Path

import yaml

from zoo import ROOT
from zoo.course import PLACEHOLDERS

MANIFEST = ".zoo-publish"
SITE = Path("_build") / "html"
# What students get; the book's figure scripts are left out (they run the masters' solutions).
TOP_FILES = ("_config.yml", "_toc.yml", "requirements.txt")
NEVER = ("assignments", "autograder", "tests", "bench", "zoo", ".git", ".venv")
# Text that only instructor material contains (nbgrader and otter-assign delimiters, the masters' config).
INSTRUCTOR_MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "ASSIGNMENT CONFIG")


class PublishError(Exception):
    """``publish`` refused: the message says why."""


def launch():
    """``book/_ext/zoo_launch.py``, which builds the site's Colab and JupyterHub links: the README uses the same."""
    spec = importlib.util.spec_from_file_location("zoo_launch", ROOT / "book" / "_ext" / "zoo_launch.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def link_settings():
    """The links' settings as the book sees them: Jupyter Book's own reading of ``_config.yml``."""
    from types import SimpleNamespace

    from jupyter_book.config import get_final_config

    config, _ = get_final_config(user_yaml=ROOT / "_config.yml", cli_config={"latex_individualpages": False},
                                 sourcedir=ROOT)
    return launch()._settings(SimpleNamespace(html_theme_options=config["html_theme_options"]))


def chapters():
    """``[(title, name)]`` of the chapters with an exercise, in the book's order (``_toc.yml``).

    A chapter is a page whose sections include ``release/otter/<name>/<name>``; its title is the
    page's first heading.
    """
    def walk(entry):
        sections = [s.get("file", "") for s in entry.get("sections", [])]
        exercise = next((Path(f).parts[2] for f in sections if Path(f).parts[:2] == ("release", "otter")), None)
        if exercise:
            page = (ROOT / f"{entry['file']}.md").read_text(encoding="utf8").splitlines()
            yield next((line[2:].strip() for line in page if line.startswith("# ")), exercise), exercise
        for key in ("parts", "chapters", "sections"):
            for child in entry.get(key, []):
                yield from walk(child)

    return list(walk(yaml.safe_load((ROOT / "_toc.yml").read_text())))


def student_files():
    """``{path in the published repository: file here}``."""
    files = {}
    for top in ("release", "book"):
        for path in sorted((ROOT / top).rglob("*")):
            relative = path.relative_to(ROOT)
            figure_script = top == "book" and path.suffix == ".py" and "_ext" not in relative.parts
            if path.is_file() and "__pycache__" not in relative.parts and not figure_script:
                files[relative.as_posix()] = path
    files.update({name: ROOT / name for name in TOP_FILES if (ROOT / name).is_file()})
    return files


def site_files(settings, site):
    """The built site's files, or ``{}`` with the reason when it is missing or built with other links."""
    if not (site / "index.html").is_file():
        return {}, f"no built site in {site}: run `make book` first to publish it"
    first = chapters()[0][1] if chapters() else None
    link = launch().colab_url(settings, f"release/otter/{first}/{first}.ipynb") if first else ""
    page = site / "book" / f"{first}.html"
    if first and not (page.is_file() and link in page.read_text(encoding="utf8", errors="replace")):
        return {}, f"the built site in {site} has other links than _config.yml: rebuild it (`make book`)"
    files = {(SITE / p.relative_to(site)).as_posix(): p for p in sorted(site.rglob("*")) if p.is_file()}
    return files, None


def readme(settings):
    """The README of the student repository: the chapters with their links, how to work, how to submit."""
    zoo_launch = launch()
    rows = [f"| {title} | [Open in Colab]({zoo_launch.colab_url(settings, f'release/otter/{name}/{name}.ipynb')}) | "
            f"[Open on JupyterHub]({zoo_launch.hub_url(settings, f'release/nbgrader/{name}/{name}.ipynb')}) |"
            for title, name in chapters()]
    title = yaml.safe_load((ROOT / "_config.yml").read_text()).get("title", "The course")
    return f"""# {title}: exercises

The exercises of the course and its book, for students. Each chapter's exercise comes in two
flavours, with the same questions and checks:

| chapter | Colab (submit to Gradescope) | JupyterHub (submit with nbgrader) |
|---|---|---|
{chr(10).join(rows)}

## Working on an exercise

- **Colab** (`release/otter/<chapter>/`): open the link, save a copy to your Drive, run the first
  cell (it installs what Colab lacks and unpacks the checks), then answer and run each check. The
  Submit section at the end shows each question's points; its last cell downloads a zip: upload
  it to the assignment on Gradescope.
- **JupyterHub** (`release/nbgrader/<chapter>/`): the link copies this repository into your home on
  the course hub and opens the notebook; submit from the hub's Assignments tab.
- **Your own machine** (Jupyter, JupyterLab or VS Code): `pip install -r requirements.txt`, then open
  either notebook. Each runs on its own, even downloaded alone from the site: its first cell
  writes the files its checks need (`zoo_check.py`, the data loaders `zoo_data.py`, ...) beside it.
  The Colab flavour's last cell writes the zip to upload, whatever the notebook's name.

Every assignment ends with three short questions about how you worked (sources, collaborators,
hours); they help the course improve.

## The book

`book/` holds the chapters' text and figures; the site built from them is `_build/html` (open
`_build/html/index.html`), when it was published with one.
"""


def check_tree(target, files):
    """Refuse a tree with instructor-only folders or text (a last guard, the tests search much more)."""
    for path in files:
        if Path(path).parts[0] in NEVER:
            raise PublishError(f"{path} is instructor-only and must not be published")
    # only what students run: the book's pages may explain the markers (the instructor's guide does)
    for path in (p for p in files if Path(p).suffix in (".ipynb", ".py")):
        data = (target / path).read_bytes()
        for marker in INSTRUCTOR_MARKERS:
            if marker.encode() in data:
                raise PublishError(f"{path} contains {marker!r}: instructor-only material")


def prepare(target):
    """Remove what the last ``publish`` wrote to ``target``; refuse a folder that is not ours."""
    target = Path(target).resolve()
    if target == ROOT or ROOT in target.parents or target in ROOT.parents:
        raise PublishError(f"{target} is inside this (private) repository or holds it: publish elsewhere")
    manifest = target / MANIFEST
    if manifest.is_file():
        for line in manifest.read_text().splitlines():
            (target / line).unlink(missing_ok=True)
        for folder in sorted((p for p in target.rglob("*") if p.is_dir() and ".git" not in p.parts), reverse=True):
            if not any(folder.iterdir()):
                folder.rmdir()
    elif target.exists() and any(p.name != ".git" for p in target.iterdir()):
        raise PublishError(f"{target} holds files that `zoo publish` did not write (no {MANIFEST}): "
                           "give an empty folder or a clone of the public repository")
    target.mkdir(parents=True, exist_ok=True)
    return target


def publish(target, site=None):
    """Write the student repository into ``target``; return what the command prints.

    ``site``: the built site to publish (default ``_build/html``, what ``make book`` builds); it is
    published as ``_build/html``.
    """
    settings = link_settings()
    files = student_files()
    site, site_note = site_files(settings, Path(site) if site else ROOT / SITE)
    files.update(site)
    target = prepare(target)
    for relative, source in files.items():
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target / relative)
    (target / "README.md").write_text(readme(settings))
    written = sorted([*files, "README.md"])
    check_tree(target, written)
    (target / MANIFEST).write_text("\n".join(written) + "\n")
    counts = {}
    for path in written:
        top = SITE.as_posix() if path.startswith(SITE.as_posix()) else Path(path).parts[0]
        counts[top] = counts.get(top, 0) + 1
    lines = [f"published {len(written)} files to {target}:"]
    lines += [f"  {top:16} {count:5d} file(s)" for top, count in sorted(counts.items())]
    lines += [f"links: repository {settings['repo_url']} (branch {settings['branch']}), hub {settings['hub_url']}"]
    if any(p in settings["repo_url"] or p in settings["hub_url"] for p in PLACEHOLDERS):
        lines.append("WARNING: the links are _config.yml's placeholders: set repository.url and "
                     "launch_buttons.jupyterhub_url there, rebuild the site, publish again")
    if site_note:
        lines.append(f"site: {site_note}")
    return "\n".join(lines)
