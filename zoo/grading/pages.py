"""Plain HTML pages for people (graders reading answers, students reading their feedback): one file each,
no server, images inline, math typeset by the course's vendored MathJax where the course has it."""
import base64
import html
import mimetypes
import re
from pathlib import Path

from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin

import zoo

STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5;
       color: #222; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: .25rem .6rem; text-align: left; }
pre { background: #f6f6f6; padding: .6rem; overflow-x: auto; white-space: pre-wrap; }
img { max-width: 100%; }
.box { border: 1px solid #ccc; border-radius: 6px; padding: .4rem 1rem; margin: 1rem 0; }
.master { background: #f4f8fc; } .meta { color: #555; font-size: .9rem; }
.over { color: #b00020; font-weight: bold; } .empty { color: #888; font-style: italic; }
.full { color: #1b7f3b; } .lost { color: #b00020; }
"""


def math(content, options):
    """Math as MathJax's delimiters, escaped: the page shows the TeX where MathJax is not there."""
    opening, closing = (r"\[", r"\]") if options["display_mode"] else (r"\(", r"\)")
    return html.escape(opening + content + closing)


# no raw HTML from students (a grader's page must not run what a submission wrote)
RENDERER = MarkdownIt("commonmark", {"html": False}).use(dollarmath_plugin, renderer=math).enable("table")


def data_uri(mime, data):
    return f"data:{mime};base64,{data if isinstance(data, str) else base64.b64encode(data).decode()}"


def markdown(text, attachments=None, folder=None):
    """``text`` as HTML, with the images it shows inline: the cell's attachments (pasted figures) and
    image files beside the notebook in ``folder``."""
    def image(match):
        alt, target = match.group(1), match.group(2)
        name = target[len("attachment:"):] if target.startswith("attachment:") else None
        if name is not None and name in (attachments or {}):
            mime, data = next(iter(attachments[name].items()))
            return f"![{alt}]({data_uri(mime, data)})"
        path = Path(folder, target) if folder and name is None and "://" not in target else None
        if path is not None and path.resolve().is_relative_to(Path(folder).resolve()) and path.is_file():
            return f"![{alt}]({data_uri(mimetypes.guess_type(path.name)[0] or 'image/png', path.read_bytes())})"
        return match.group(0)

    return RENDERER.render(re.sub(r"!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?\s*\)", image, text))


def page(title, body):
    mathjax = zoo.ROOT / "book" / "_static" / "mathjax" / "tex-chtml-full.js"
    script = (f'<script>window.MathJax = {{tex: {{inlineMath: [["\\\\(", "\\\\)"]]}}}};</script>\n'
              f'<script src="{mathjax.as_uri()}"></script>\n' if mathjax.is_file() else "")
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{html.escape(title)}</title>\n'
            f"<style>{STYLE}</style>\n{script}</head>\n<body>\n{body}\n</body>\n</html>\n")
