"""``zoo publish``: the student-only repository holds no answer, its site works offline, its links are the settings'."""
import base64
import io
import re
import subprocess
import sys
import zipfile

import nbformat
import pytest

from conftest import ASSIGNMENTS
from test_book import CDN_RE, INSTRUCTOR_MARKERS, _elements
from test_release import find_leaks
from zoo import ROOT
from zoo.publish import MANIFEST, PublishError, chapters, launch, link_settings, publish


@pytest.fixture(scope="module")
def published(site, tmp_path_factory):
    """The site built from this repository (``site``: built once for the run), then everything published into
    an empty folder."""
    target = tmp_path_factory.mktemp("public") / "zoo-public"
    report = publish(target, site=site)
    return target, report


def texts_of(tree):
    """Every text file of ``tree``, plus what each notebook's set-up cell unpacks from its embedded zip."""
    texts = {}
    for path in sorted(p for p in tree.rglob("*") if p.is_file()):
        where = path.relative_to(tree).as_posix()
        try:
            texts[where] = path.read_text(encoding="utf8")
        except UnicodeDecodeError:
            continue  # images, fonts, stored arrays: no source line can hide in them
        if path.suffix != ".ipynb":
            continue
        for cell in nbformat.reads(texts[where], as_version=4).cells:
            if cell.cell_type == "code" and "zoo_setup" in cell.metadata.get("tags", []):
                blob = "".join(re.findall(r'^\s+"([A-Za-z0-9+/=]+)"$', cell.source, re.M))
                with zipfile.ZipFile(io.BytesIO(base64.b64decode(blob))) as zf:
                    for member in zf.namelist():
                        try:
                            texts[f"{where}!{member}"] = zf.read(member).decode()
                        except UnicodeDecodeError:
                            pass
    return texts


def test_the_published_tree_holds_the_student_files_only(published):
    target, report = published
    tops = {p.name for p in target.iterdir()}
    assert tops == {"README.md", "_config.yml", "_toc.yml", "requirements.txt", "book", "release", "_build", MANIFEST}
    for path in target.rglob("*"):
        assert not {"assignments", "autograder", "tests", "bench", "zoo"} & set(path.relative_to(target).parts[:1])
    for name in ASSIGNMENTS:
        for flavour in ("otter", "nbgrader"):
            assert (target / "release" / flavour / name / f"{name}.ipynb").is_file()
        assert (target / "release" / "nbgrader" / name / "zoo_data.py").is_file()  # the data loaders
    assert (target / "_build" / "html" / "index.html").is_file() and "site:" not in report
    assert not list((target / "book").rglob("*_figures.py"))  # they run the masters' solutions


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_the_published_tree_leaks_no_solution_line_and_no_hidden_test(published, name):
    # the theme's source maps quote its own code (`return direction` in bootstrap.js.map), not the course's
    texts = {key: text for key, text in texts_of(published[0]).items() if not key.endswith(".js.map")}
    assert any(f"release/otter/{name}/{name}.ipynb!tests/" in key for key in texts)  # the embedded checks were read
    assert any(key.startswith("_build/html/") for key in texts)  # and the site
    # a line another assignment gives its students (`optimiser.zero_grad()` in a training cell) is public
    given_elsewhere = {line.strip() for other in (ROOT / "release").glob("*/*/*.ipynb") if other.stem != name
                       for cell in nbformat.read(other, as_version=4).cells for line in cell.source.splitlines()}
    leaks = [leak for leak in find_leaks(name, texts) if leak[1] not in given_elsewhere]
    assert not leaks, "\n".join(f"{o} leaks into {w}: {l}" for o, l, w in leaks[:10])


def test_the_published_site_works_offline(published):
    site = published[0] / "_build" / "html"
    pages = sorted(p for p in site.rglob("*.html") if "_static" not in p.parts)  # not the theme's templates
    assert len(pages) > 10
    for page in pages:
        text = page.read_text(encoding="utf8")
        hit = CDN_RE.search(text)
        assert hit is None, f"{page.relative_to(site)} references a CDN: {hit.group(0)}"
        for tag, attrs in _elements(text):
            url = attrs.get("src") if tag in {"script", "img"} else (
                attrs.get("href") if tag == "link" and attrs.get("rel") == "stylesheet" else None)
            if url:
                assert "://" not in url and not url.startswith("//"), f"{page.relative_to(site)} loads {url}"
                assert (page.parent / url.split("?")[0]).resolve().is_file(), f"{page.relative_to(site)}: {url} missing"
    for path in published[0].rglob("*"):  # what students run carries no instructor-only marker
        if path.suffix in (".ipynb", ".py"):
            text = path.read_text(encoding="utf8")
            assert not [m for m in INSTRUCTOR_MARKERS if m in text], path


def test_every_link_points_at_the_settings_repository_and_hub(published):
    target = published[0]
    settings, zoo_launch = link_settings(), launch()
    readme = (target / "README.md").read_text()
    assert {name for _, name in chapters()} == set(ASSIGNMENTS)
    for _, name in chapters():
        colab = zoo_launch.colab_url(settings, f"release/otter/{name}/{name}.ipynb")
        hub = zoo_launch.hub_url(settings, f"release/nbgrader/{name}/{name}.ipynb")
        assert f"({colab})" in readme and f"({hub})" in readme
        assert colab.startswith(f"{settings['colab_url']}/github/{settings['org']}/{settings['repo']}/blob/")
        page = (target / "_build" / "html" / "book" / f"{name}.html").read_text(encoding="utf8")
        assert colab in page  # the site published was built with the same settings
        assert (target / f"release/otter/{name}/{name}.ipynb").is_file()  # and each link's notebook is there


def test_publishing_again_replaces_only_what_publish_wrote(tmp_path):
    target = tmp_path / "public"
    (target / ".git").mkdir(parents=True)
    (target / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    publish(target, site=tmp_path / "no-site")
    (target / "LICENSE").write_text("the public repository's own licence")
    (target / "release" / "otter" / "gone").mkdir()
    stale = target / "release" / "otter" / "gone" / "old.ipynb"
    stale.write_text("{}")
    (target / MANIFEST).write_text((target / MANIFEST).read_text() + "release/otter/gone/old.ipynb\n")
    report = publish(target, site=tmp_path / "no-site")
    assert "no built site" in report and "WARNING: the links are _config.yml's placeholders" in report
    assert (target / "LICENSE").read_text() == "the public repository's own licence"
    assert (target / ".git" / "HEAD").is_file() and not stale.exists() and not stale.parent.exists()


def test_publish_refuses_a_folder_it_did_not_write_and_this_repository(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(PublishError, match="did not write"):
        publish(tmp_path)
    with pytest.raises(PublishError, match="private"):
        publish(ROOT / "public")
    run = subprocess.run([sys.executable, "-m", "zoo.cli", "publish", str(tmp_path)], capture_output=True, text=True,
                         cwd=ROOT)
    assert run.returncode == 1 and "zoo publish:" in run.stderr and "Traceback" not in run.stderr
