"""Publishing: the whole explorer as a folder of static files, for any static host (GitHub Pages, a CDN).

The site is what the server would send, written out: the page and its vendored libraries, and per
data set the points, the two ONNX graphs (the page runs them itself, with onnxruntime-web) and the
atlases of the originals. The listing is the server's own ``/api/datasets`` answer, taken from the
app through Flask's test client so that it cannot drift from the served one; the page finds it
through a ``<meta>`` tag written into the site's ``index.html``, and that tag is also how the page
knows it is static. Every URL in the site is relative, so it works at a host's root and under a
sub-path.

The site is built in a temporary folder beside ``OUT`` and renamed into place, so a failed publish
leaves the old site whole. A list of the files publish wrote stays in the site: with ``--force``,
only those are replaced, and anything else found in ``OUT`` (a CNAME, a .git folder) is kept.
"""
import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from latent_explorer.files import UMASK
from latent_explorer.layout import CLASSMAP, FRONTEND_DIR, LABELS, LATENTS, STDS, TIMELINE_POINTS

LISTING = "datasets.json"
# The files this publish wrote, each with its sha256: what a later --force may replace.
SITE_FILES = ".latent-explorer-site.json"
# Written into the site's index.html: the page reads the listing from this file and answers in the page.
LISTING_META = f'<meta name="latent-explorer-listing" content="{LISTING}">'
PAGE_HEAD_END = "</head>"
# The page's own notes, not part of the site.
LEFT_OUT_OF_SITE = {"README.md"}
POINT_FILES = (LATENTS, LABELS, STDS, CLASSMAP, TIMELINE_POINTS)
WITHOUT_ORIGINALS = ("This site was published without the original images, so reconstructions stand in for them. "
                     "To include them, publish again where the raw data set is (latent-explorer fetch {id}), "
                     "without --no-originals.")


class PublishError(Exception):
    """A site that cannot be written; the message names the problem and the fix."""


def dataset_folder(dataset_id):
    """A data set's folder in the site, relative to its root (the page's in-page answers use the same)."""
    return f"datasets/{dataset_id}"


@dataclass
class SiteReport:
    """What publish wrote: the files and bytes per data set (and for the page), and what it left out."""
    out: Path
    bytes_by_part: dict = field(default_factory=dict)  # "page" or a data-set id -> bytes
    notes: list = field(default_factory=list)  # what a reader should know, e.g. originals left out


def publish(out, app, dataset_ids=None, originals=True, force=False):
    """Write the static site of ``app``'s data sets ``dataset_ids`` (default: every available one) to ``out``.

    ``app``: the Flask app of create_app, whose store and answers the site is made of. ``originals``: write
    the atlases where the raw images are there. Raise PublishError for anything the user must fix.
    """
    out = Path(out).absolute()
    store = app.extensions["datasets"]
    chosen = _chosen_datasets(store, dataset_ids)
    earlier = _earlier_site(out, force)
    out.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{out.name}.publishing-", dir=out.parent))
    os.chmod(building, 0o777 & ~UMASK)  # mkdtemp's folder is the owner's alone; a site is for everyone
    try:
        report = SiteReport(out)
        written = _write_site(building, app, chosen, originals, report)
        if earlier is not None:
            _keep_what_publish_did_not_write(out, building, earlier, written)
        _write_site_files(building, written)
        _move_into_place(building, out)
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return report


def _chosen_datasets(store, dataset_ids):
    if dataset_ids is None:
        if store.unavailable:
            problems = "; ".join(f"{key}: {message}" for key, message in store.unavailable.items())
            raise PublishError(f"not every data set can be served ({problems}); fix it, or choose with --datasets "
                               f"among {', '.join(store.available) or 'none'}")
        return list(store.available)
    for dataset_id in dataset_ids:
        if dataset_id in store.unavailable:
            raise PublishError(f"data set {dataset_id} cannot be published: {store.unavailable[dataset_id]}")
        if dataset_id not in store.available:
            raise PublishError(f"unknown data set {dataset_id!r} in --datasets; known: {', '.join(store.available)}")
    return list(dict.fromkeys(dataset_ids))


def _earlier_site(out, force):
    """The relative paths an earlier publish wrote in ``out`` (empty if none), or None when ``out`` is new or empty."""
    if out.exists() and not out.is_dir():
        raise PublishError(f"{out} is a file, not a folder; choose another OUT")
    if out.resolve() in FRONTEND_DIR.resolve().parents or out.resolve().is_relative_to(FRONTEND_DIR.resolve()):
        raise PublishError(f"{out} holds or lies inside the page's own folder {FRONTEND_DIR}; choose a folder outside it")
    if not out.exists() or not any(out.iterdir()):
        return None
    if not force:
        raise PublishError(f"{out} exists and is not empty; pass --force to replace the files an earlier publish "
                           "wrote there (other files are kept), or choose an empty folder")
    try:
        return set(json.loads((out / SITE_FILES).read_text())["files"])
    except FileNotFoundError:
        return set()
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise PublishError(f"{out / SITE_FILES}, the list of files an earlier publish wrote, is unreadable "
                           f"({error}); delete it to treat every file there as your own") from None


def _write_site(root, app, dataset_ids, originals, report):
    """Write the site under ``root``; return {relative path: sha256} of every file written."""
    written = {}

    def write(relative, data, part):
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written[relative] = hashlib.sha256(data).hexdigest()
        report.bytes_by_part[part] = report.bytes_by_part.get(part, 0) + len(data)

    for path in sorted(FRONTEND_DIR.rglob("*")):
        relative = path.relative_to(FRONTEND_DIR).as_posix()
        if path.is_file() and relative not in LEFT_OUT_OF_SITE and "__pycache__" not in path.parts:
            data = path.read_bytes()
            write(relative, _static_page(data) if relative == "index.html" else data, "page")
    # GitHub Pages would otherwise run the site through Jekyll, which takes a while and skips dot-files.
    write(".nojekyll", b"", "page")

    client = app.test_client()
    listing = _answer(client, "/api/datasets").get_json()
    store = app.extensions["datasets"]
    entries = []
    for dataset_id in dataset_ids:
        dataset = store.available[dataset_id]
        folder = dataset_folder(dataset_id)
        for name in POINT_FILES:
            if name in dataset.files:
                write(f"{folder}/{name}", dataset.files[name].raw, dataset_id)
        for name, data in _graphs(dataset).items():
            write(f"{folder}/{name}", data, dataset_id)
        entry = next(entry for entry in listing["datasets"] if entry["id"] == dataset_id)
        with_originals = originals and dataset.originals.images() is not None
        if with_originals:
            atlas = _answer(client, f"/api/datasets/{dataset_id}/atlas").get_json()
            atlas["atlases"] = [f"{folder}/atlas/{number}.png" for number in range(len(atlas["atlases"]))]
            for number, relative in enumerate(atlas["atlases"]):
                write(relative, _answer(client, f"/api/datasets/{dataset_id}/atlas/{number}.png").data, dataset_id)
            write(f"{folder}/atlas.json", _json_bytes(atlas), dataset_id)
        else:
            why = "--no-originals" if not originals else store.for_clients(dataset.originals.missing_message())
            report.notes.append(f"{dataset_id}: published without the original images ({why})")
            entry = {**entry, "originals": False, "originals_missing": WITHOUT_ORIGINALS.format(id=dataset_id)}
        entries.append(entry)
    write(LISTING, _json_bytes({**listing, "datasets": entries, "unavailable": []}), "page")
    return written


def _static_page(index_html):
    text = index_html.decode("utf-8")
    if PAGE_HEAD_END not in text:
        raise PublishError(f"{FRONTEND_DIR / 'index.html'} has no {PAGE_HEAD_END}; reinstall the package")
    return text.replace(PAGE_HEAD_END, f"  {LISTING_META}\n{PAGE_HEAD_END}", 1).encode("utf-8")


def _answer(client, url):
    response = client.get(url)
    if response.status_code != 200:
        raise PublishError(f"the app could not answer {url} (HTTP {response.status_code}: "
                           f"{response.get_data(as_text=True)[:300]})")
    return response


def _graphs(dataset):
    """The ONNX graphs the server runs for ``dataset``, checked against what it loaded."""
    graphs = {}
    for name, (path, digest) in dataset.graphs.items():
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() != digest:
            raise PublishError(f"{path} changed since the app loaded it; export (or add) it again, then publish")
        graphs[name] = data
    return graphs


def _json_bytes(value):
    return (json.dumps(value, indent=1) + "\n").encode("utf-8")


def _keep_what_publish_did_not_write(out, building, earlier, written):
    """Link every file in ``out`` that no publish wrote into the new site, refusing one the new site would overwrite."""
    for path in sorted(out.rglob("*")):
        relative = path.relative_to(out).as_posix()
        if relative in earlier or relative == SITE_FILES or path.is_dir() and not path.is_symlink():
            continue
        if relative in written:
            raise PublishError(f"{path} was not written by publish, and the site has a file of that name; move it "
                               "away, or publish to another folder")
        target = building / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.is_symlink():
            os.symlink(os.readlink(path), target)
        else:
            try:
                os.link(path, target)  # the old site stays whole until the swap
            except OSError:
                shutil.copy2(path, target)


def _write_site_files(root, written):
    (root / SITE_FILES).write_bytes(_json_bytes({"files": dict(sorted(written.items()))}))


def _move_into_place(building, out):
    """Swap the finished site in for ``out``: two renames, and the old site back if the second fails."""
    if not out.exists():
        os.rename(building, out)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.replaced-", dir=out.parent))
    old.rmdir()
    os.rename(out, old)
    try:
        os.rename(building, out)
    except OSError:
        os.rename(old, out)
        raise
    shutil.rmtree(old, ignore_errors=True)
