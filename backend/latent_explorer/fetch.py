"""Downloading the raw data sets without torch: torchvision's mirrors and checksums, an atomic move into the data root.

Each missing file is fetched as torchvision's MNIST downloader does (``MNIST.download`` in
torchvision/datasets/mnist.py): its ``.gz`` from the first mirror that delivers it, checked against
torchvision's MD5, then decompressed, so that ``<root>/<Folder>/raw/`` holds the files torchvision
reads (torchvision also keeps the ``.gz``; nothing reads it, so it is not kept). The ``.gz`` goes to
a temporary file beside the target and the decompressed bytes to another, renamed into place only
when complete: a failed, corrupt or interrupted download leaves nothing half-written.

``start_in_background`` is what the run command does before serving: when originals are
missing it checks that a mirror answers (at most ``CHECK_SECONDS``), downloads them in a separate
process while the server starts, and when offline says so in one line and does not check
again for ``RECHECK_SECONDS``.
"""
import gzip
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import zlib
from http.client import HTTPException
from pathlib import Path

from tqdm import tqdm

from latent_explorer import __version__
from latent_explorer.files import atomic_path
from latent_explorer.layout import DATA_ROOT_ENV, raw_data_fix, raw_folder

# A base URL that replaces every data set's mirrors: files are read from <base>/<Folder>/<name>.gz.
MIRROR_ENV = "LATENT_EXPLORER_MIRROR"
SOCKET_TIMEOUT_SECONDS = 30
CHUNK_BYTES = 1 << 16
CHECK_SECONDS = 2.0
RECHECK_SECONDS = 3600
# Under the data root; its modification time is when the last connection check failed.
OFFLINE_STAMP = ".offline-check"


class ChecksumMismatch(Exception):
    pass


class FetchError(Exception):
    """A raw file could not be downloaded from any mirror; the message names each mirror's failure and the fix."""


def mirrors(spec):
    """The base URLs to try in order, each ending in "/": $LATENT_EXPLORER_MIRROR's, else torchvision's."""
    base = os.environ.get(MIRROR_ENV)
    return [f"{base.rstrip('/')}/{spec.folder_name}/"] if base else list(spec.mirrors)


def missing_resources(spec, root):
    """The ``(name.gz, md5)`` whose decompressed file is not in the raw folder yet."""
    folder = raw_folder(spec, root)
    return [(name, md5) for name, md5 in spec.resources if not (folder / name.removesuffix(".gz")).exists()]


def fetch_dataset(spec, root, progress=True):
    """Download the missing raw files of ``spec`` under ``root``; return the paths written. Raise FetchError."""
    folder = raw_folder(spec, root)
    missing = missing_resources(spec, root)
    if not missing:
        return []
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise FetchError(f"cannot create {folder} ({error.strerror}); point --data-root or ${DATA_ROOT_ENV} at a "
                         f"folder you can write to") from None
    written = []
    for name, md5 in missing:
        target = folder / name.removesuffix(".gz")
        failures = []
        for mirror in mirrors(spec):
            try:
                _fetch_file(mirror + name, md5, target, progress)
            except (OSError, HTTPException, EOFError, zlib.error, ChecksumMismatch) as error:
                failures.append(f"{mirror}{name}: {_reason(error)}")
                continue
            written.append(target)
            break
        else:
            raise FetchError(f"{spec.title}: could not download {name} ({'; '.join(failures)}). Nothing "
                             f"half-written was left in {folder}. Retry, or {raw_data_fix(spec)}")
    return written


def _fetch_file(url, md5, target, progress):
    with tempfile.NamedTemporaryFile(dir=target.parent, prefix=f".{target.name}.gz.", suffix=".partial") as download:
        digest = _download(url, download, progress, target.name)
        if digest != md5:
            raise ChecksumMismatch(f"MD5 {digest} differs from torchvision's checksum {md5}: a corrupt or changed file")
        download.seek(0)
        with atomic_path(target) as temporary, gzip.GzipFile(fileobj=download) as source, \
                open(temporary, "wb") as output:
            shutil.copyfileobj(source, output, CHUNK_BYTES)


def _download(url, file, progress, label):
    """Write the body at ``url`` to ``file``; return its MD5 (hex)."""
    request = urllib.request.Request(url, headers={"User-Agent": f"latent-explorer/{__version__}"})
    digest = hashlib.md5()
    with urllib.request.urlopen(request, timeout=SOCKET_TIMEOUT_SECONDS) as response:
        total = int(response.headers.get("Content-Length") or 0) or None
        with tqdm(total=total, unit="B", unit_scale=True, desc=label, disable=not progress, leave=False) as bar:
            for block in iter(lambda: response.read(CHUNK_BYTES), b""):
                file.write(block)
                digest.update(block)
                bar.update(len(block))
    file.flush()
    return digest.hexdigest()


def _reason(error):
    if isinstance(error, urllib.error.HTTPError):
        return f"HTTP {error.code} {error.reason}"
    if isinstance(error, urllib.error.URLError):
        return str(error.reason)
    return " ".join(str(error).split()) or type(error).__name__


def fetch(specs, root, progress=True, report=print):
    """Fetch each data set in ``specs``; report one line each. Raise FetchError naming every data set that failed."""
    failures = []
    for spec in specs:
        try:
            written = fetch_dataset(spec, root, progress)
        except FetchError as error:
            failures.append(str(error))
            continue
        folder = raw_folder(spec, root)
        report(f"{spec.title}: downloaded {len(written)} files into {folder}" if written
               else f"{spec.title}: already in {folder}")
    if failures:
        raise FetchError(" | ".join(failures))


def start_in_background(specs, root, report=print, now=time.time, answers=None, spawn=None):
    """Before serving: fetch the missing originals in a separate process, unless offline. Return that process or None.

    Takes at most ``CHECK_SECONDS`` (whether a mirror answers), and nothing when the originals are
    all there or a check failed less than ``RECHECK_SECONDS`` ago. ``answers`` and ``spawn`` are
    replaceable for tests.
    """
    missing = [spec for spec in specs if missing_resources(spec, root)]
    if not missing:
        return None
    stamp = Path(root) / OFFLINE_STAMP
    offline = ("original images will not show: no connection to the data sets' mirrors{}. Add them later with "
               f"`latent-explorer fetch`, or point ${DATA_ROOT_ENV} at a folder holding "
               f"{' and '.join(spec.folder_name + '/raw/' for spec in missing)}")
    try:
        checked = stamp.stat().st_mtime
    except OSError:
        checked = None
    if checked is not None and 0 <= now() - checked < RECHECK_SECONDS:
        report(offline.format(f" at {time.strftime('%H:%M', time.localtime(checked))}; "
                              f"next check after {time.strftime('%H:%M', time.localtime(checked + RECHECK_SECONDS))}"))
        return None
    urls = [mirror + missing_resources(spec, root)[0][0] for spec in missing for mirror in mirrors(spec)]
    if not (answers or any_answers)(urls, CHECK_SECONDS):
        try:
            stamp.parent.mkdir(parents=True, exist_ok=True)
            stamp.touch()
            os.utime(stamp, (now(), now()))
        except OSError:
            pass  # a read-only data root: check again next time
        report(offline.format(""))
        return None
    stamp.unlink(missing_ok=True)
    report(f"downloading the original images of {', '.join(spec.title for spec in missing)} into {root} in the "
           f"background; the explorer shows them once they are there")
    command = [sys.executable, "-m", "latent_explorer", "fetch", "--quiet", "--data-root", str(root),
               *(spec.id for spec in missing)]
    return (spawn or subprocess.Popen)(command)


def any_answers(urls, timeout):
    """Whether a HEAD request for any of ``urls`` is answered 200 within ``timeout`` seconds in all.

    An HTTP answer rather than an open TCP connection, which a proxy or captive portal gives for any
    address. Each URL is tried in its own thread, so that a slow name lookup (which has no timeout
    of its own) cannot hold the caller past ``timeout``.
    """
    answered = threading.Event()

    def attempt(url):
        request = urllib.request.Request(url, method="HEAD", headers={"User-Agent": f"latent-explorer/{__version__}"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                if response.status == 200:
                    answered.set()
        except (OSError, HTTPException):
            pass

    threads = [threading.Thread(target=attempt, args=(url,), daemon=True) for url in urls]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + timeout
    while not answered.is_set() and any(thread.is_alive() for thread in threads) and time.monotonic() < deadline:
        answered.wait(min(0.05, max(0.0, deadline - time.monotonic())))
    return answered.is_set()
