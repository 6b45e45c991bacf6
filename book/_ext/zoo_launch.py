"""Sphinx extension: route launch buttons to the right exercise flavour.

Every exercise is released in two flavours (see ``zoo release``):

* ``release/otter/<chapter>/<name>.ipynb``    -- Colab / Gradescope (otter-grader)
* ``release/nbgrader/<chapter>/<name>.ipynb`` -- JupyterHub (nbgrader)

sphinx-book-theme builds every launch link from the path of the page being
rendered (``header_buttons/launch.py``), so out of the box the Colab button of
the nbgrader page would open the nbgrader notebook and the JupyterHub button of
the otter page the otter one.  This extension runs after the theme's
``html-page-context`` handler and rewrites the two links of the launch menu on
exercise pages so that, whichever flavour page the student is on,

* "Colab"      opens ``release/otter/...``    in Google Colab, and
* "JupyterHub" opens ``release/nbgrader/...`` on the hub, via nbgitpuller.

It also defines MyST substitutions used by the chapter pages (a substitution
cannot be used inside a link target, so each one is a complete Markdown link):

* ``{{ colab_badge_<chapter> }}``: "Open in Colab" badge for the otter flavour;
* ``{{ hub_badge_<chapter> }}``: "Open on JupyterHub" badge (nbgitpuller link)
  for the nbgrader flavour.

All URLs derive from ``_config.yml`` (``repository`` and ``launch_buttons``),
so changing ``launch_buttons.jupyterhub_url`` there changes every link.

Two clean-ups keep the site offline and its links valid:

* sphinx-thebe (always loaded by Jupyter Book 1) puts
  ``const THEBE_JS_URL = "https://unpkg.com/thebe@.../index.js"`` and its
  binder configuration into every page.  The book has no live code
  (``launch_buttons.thebe: false``), so those scripts are dropped.
* MyST-Parser 3 HTML-escapes link targets *before* docutils escapes them again
  (executablebooks/MyST-Parser#760), which turns ``?a=1&b=2`` into
  ``?a=1&amp;amp;b=2``; the double escape is undone here.
"""

from __future__ import annotations

import html
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlencode

from docutils import nodes

FLAVOURS = ("otter", "nbgrader")


def chapters(srcdir) -> list[str]:
    """Chapters with an exercise of the same name: release/otter/<ch>/<ch>.ipynb."""
    return sorted(p.parent.name for p in Path(srcdir, "release", "otter").glob("*/*.ipynb")
                  if p.stem == p.parent.name)

UI_PREFIXES = {"classic": "tree", "jupyterlab": "lab/tree"}


def _settings(config) -> dict[str, str]:
    opts = config.html_theme_options or {}
    launch = opts.get("launch_buttons", {}) or {}
    repo_url = (opts.get("repository_url") or "").rstrip("/")
    if repo_url.endswith(".git"):
        repo_url = repo_url[: -len(".git")]
    org, repo = repo_url.split("github.com/")[-1].split("/")[:2]
    return {
        "repo_url": repo_url,
        "org": org,
        "repo": repo,
        "branch": opts.get("repository_branch") or "main",
        "colab_url": (launch.get("colab_url") or "").strip("/"),
        "hub_url": (launch.get("jupyterhub_url") or "").strip("/"),
        "ui": UI_PREFIXES.get(launch.get("notebook_interface", "classic"), "tree"),
    }


def colab_url(s: dict[str, str], path: str) -> str:
    """Colab link for a notebook at ``path`` (relative to the repository root)."""
    return f"{s['colab_url']}/github/{s['org']}/{s['repo']}/blob/{s['branch']}/{path}"


def hub_url(s: dict[str, str], path: str) -> str:
    """nbgitpuller link: clone/pull the repository into the user's home on the
    hub and open ``path`` (same URL scheme as sphinx-book-theme)."""
    params = urlencode(
        {
            "repo": s["repo_url"],
            "urlpath": f"{s['ui']}/{s['repo']}/{path}",
            "branch": s["branch"],
        },
        safe="/",
    )
    return f"{s['hub_url']}/hub/user-redirect/git-pull?{params}"


def _flavour_path(pagename: str, flavour: str) -> str | None:
    """``release/otter/ch/x`` -> ``release/<flavour>/ch/x.ipynb`` (or None)."""
    parts = PurePosixPath(pagename).parts
    if len(parts) < 3 or parts[0] != "release" or parts[1] not in FLAVOURS:
        return None
    return PurePosixPath("release", flavour, *parts[2:]).as_posix() + ".ipynb"


def reroute_launch_buttons(app, pagename, templatename, context, doctree) -> None:
    otter = _flavour_path(pagename, "otter")
    if otter is None:
        return
    nbgrader = _flavour_path(pagename, "nbgrader")
    s = _settings(app.config)
    for group in context.get("header_buttons", []):
        if group.get("label") != "launch-buttons":
            continue
        for button in group.get("buttons", []):
            if button.get("text") == "Colab" and s["colab_url"]:
                button["url"] = colab_url(s, otter)
                button["tooltip"] = "Open the Colab / Gradescope (otter) flavour in Colab"
            elif button.get("text") == "JupyterHub" and s["hub_url"]:
                button["url"] = hub_url(s, nbgrader)
                button["tooltip"] = "Open the nbgrader flavour on the course JupyterHub"


def add_substitutions(app, config) -> None:
    s = _settings(config)
    subs: dict[str, Any] = dict(config.myst_substitutions or {})
    for ch in chapters(app.srcdir):
        otter = f"release/otter/{ch}/{ch}.ipynb"
        nbg = f"release/nbgrader/{ch}/{ch}.ipynb"
        subs[f"colab_badge_{ch}"] = (
            f"[![Open in Colab](/book/images/open-in-colab.svg)]({colab_url(s, otter)})"
        )
        subs[f"hub_badge_{ch}"] = (
            f"[![Open on JupyterHub](/book/images/open-on-jupyterhub.svg)]"
            f"({hub_url(s, nbg)})"
        )
    config.myst_substitutions = subs


def drop_thebe_scripts(app, pagename, templatename, context, doctree) -> None:
    def is_thebe(script) -> bool:
        filename = getattr(script, "filename", None) or str(script)
        body = (getattr(script, "attributes", None) or {}).get("body", "")
        return filename.endswith("sphinx-thebe.js") or "THEBE_JS_URL" in body

    if "script_files" in context:
        context["script_files"] = [s for s in context["script_files"] if not is_thebe(s)]
    if "css_files" in context:
        context["css_files"] = [
            c
            for c in context["css_files"]
            if not (getattr(c, "filename", None) or str(c)).endswith("sphinx-thebe.css")
        ]


def drop_thebe_config(app, doctree, docname) -> None:
    for node in list(doctree.findall(nodes.raw)):
        if "text/x-thebe-config" in node.astext() or "kernelName =" in node.astext():
            node.parent.remove(node)


def unescape_link_targets(app, doctree) -> None:
    for node in doctree.findall(nodes.reference):
        uri = node.get("refuri", "")
        if "&amp;" in uri and "://" in uri:
            node["refuri"] = html.unescape(uri)


def setup(app):
    app.connect("config-inited", add_substitutions)
    app.connect("doctree-read", unescape_link_targets)
    # sphinx-thebe appends its nodes at doctree-resolved (default priority 500).
    app.connect("doctree-resolved", drop_thebe_config, priority=900)
    app.connect("html-page-context", drop_thebe_scripts, priority=900)
    # sphinx-book-theme adds the launch buttons at priority 501.
    app.connect("html-page-context", reroute_launch_buttons, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.1"}
