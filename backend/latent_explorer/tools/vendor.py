"""The page's vendored JavaScript libraries (``frontend/vendor/``), rebuilt from the npm registry and checked.

``frontend/vendor/manifest.json`` pins each package by version and by the registry's sha512 ``integrity`` of its
tarball, and each vendored file by its path in the tarball and its sha256. The files are committed, so the page
needs no network and no build step; this tool writes them again from the registry, or with ``--check`` (no
network) names each file on disk that is missing or differs from the manifest.

A file the manifest gives a ``source`` instead of a ``tarball_path`` (a licence text the tarball lacks) comes
from elsewhere, so only git can restore it.

    python -m latent_explorer.tools.vendor [--check] [--registry URL]
"""
import argparse
import base64
import hashlib
import http.client
import io
import json
import sys
import tarfile
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from latent_explorer.files import atomic_path, sha256_of
from latent_explorer.layout import CHECKOUT, FRONTEND_DIR

MANIFEST = FRONTEND_DIR / "vendor" / "manifest.json"
REGISTRY = "https://registry.npmjs.org"
DOWNLOAD_TIMEOUT_S = 60


class VendorError(Exception):
    """What is wrong, naming the package or file, and what to do about it."""


def vendor(manifest_path=MANIFEST, registry=REGISTRY):
    """Download each package's tarball from ``registry``, check it and the listed files in it against the manifest,
    and only then write those files; return the paths written. Raise VendorError, having written nothing, if
    anything does not match."""
    manifest_path = Path(manifest_path)
    checked = {}
    for package in _load(manifest_path)["packages"]:
        url = registry.rstrip("/") + urllib.parse.urlsplit(package["tarball"]).path
        tarball = _download(url)
        _check_integrity(package, url, tarball)
        checked.update(_extract(package, tarball, manifest_path))
    for path, data in checked.items():
        with atomic_path(path) as temporary:
            temporary.write_bytes(data)
    return list(checked)


def differences(manifest_path=MANIFEST):
    """One sentence for each vendored file that is missing or differs from the manifest, with the command that
    restores it; empty when every file matches."""
    manifest_path = Path(manifest_path)
    problems = []
    for package in _load(manifest_path)["packages"]:
        for entry in package["files"]:
            path = manifest_path.parent / entry["path"]
            actual = sha256_of(path) if path.is_file() else None
            if actual == entry["sha256"]:
                continue
            state = "is missing" if actual is None else f"differs from the manifest (sha256 {actual})"
            fix = (f"git checkout -- {_shown(path)}" if "source" in entry else
                   " ".join(["bash scripts/vendor.sh",
                             *(["--manifest", _shown(manifest_path)] if manifest_path != MANIFEST else [])]))
            problems.append(f"{_shown(path)} ({package['name']}@{package['version']}) {state}; restore it with: {fix}")
    return problems


def _load(manifest_path):
    try:
        return json.loads(manifest_path.read_text())
    except (OSError, ValueError) as error:
        raise VendorError(f"cannot read the manifest {_shown(manifest_path)} ({error}); restore it with: "
                          f"git checkout -- {_shown(manifest_path)}") from None


def _download(url):
    try:
        with urllib.request.urlopen(url, timeout=DOWNLOAD_TIMEOUT_S) as response:
            return response.read()
    except urllib.error.HTTPError as error:
        raise VendorError(f"the registry answered {error.code} {error.reason} for {url}; nothing was written. "
                          "Check the package's tarball in the manifest, or pass --registry URL of a registry that "
                          "has it") from None
    except (OSError, http.client.HTTPException) as error:  # refused, timed out, cut off
        raise VendorError(f"could not download {url} ({getattr(error, 'reason', error)}); nothing was written. "
                          "Check the network connection, or pass --registry URL of an npm registry this machine "
                          "can reach") from None


def _check_integrity(package, url, tarball):
    algorithm, expected = package["integrity"].split("-", 1)
    actual = base64.b64encode(hashlib.new(algorithm, tarball).digest()).decode()
    if actual != expected:
        raise VendorError(f"{package['name']}@{package['version']}: the tarball from {url} has integrity "
                          f"{algorithm}-{actual}, not the manifest's {package['integrity']}; nothing was written. "
                          "A published version never changes, so the download or the registry is at fault: "
                          "try again, or another registry with --registry URL")


def _extract(package, tarball, manifest_path):
    """destination path -> bytes of each of ``package``'s files that come from its tarball, every one checked."""
    files = {}
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        members = {member.name: member for member in archive.getmembers()}
        for entry in package["files"]:
            if "tarball_path" not in entry:
                continue
            name = f"{package['name']}@{package['version']}: {entry['tarball_path']}"
            member = members.get(entry["tarball_path"])
            if member is None or not member.isfile():
                raise VendorError(f"{name} is not a file in the tarball; nothing was written. The manifest names a "
                                  "file this version does not ship: correct its tarball_path in "
                                  f"{_shown(manifest_path)}")
            data = archive.extractfile(member).read()
            actual = hashlib.sha256(data).hexdigest()
            if actual != entry["sha256"]:
                raise VendorError(f"{name} has sha256 {actual}, not the manifest's "
                                  f"{entry['sha256']}; nothing was written. The tarball matched its integrity, so "
                                  f"the sha256 in {_shown(manifest_path)} is wrong: correct it")
            files[manifest_path.parent / entry["path"]] = data
    return files


def _shown(path):
    """``path`` as a reader at the top of the checkout would type it."""
    path = Path(path).resolve()
    return str(path.relative_to(CHECKOUT)) if CHECKOUT and path.is_relative_to(CHECKOUT) else str(path)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m latent_explorer.tools.vendor",
                                     description="Write the page's vendored libraries (frontend/vendor/) from the "
                                                 "npm registry, checked against frontend/vendor/manifest.json.")
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--check", action="store_true",
                        help="only compare the files on disk with the manifest (no network)")
    action.add_argument("--registry", default=REGISTRY, metavar="URL",
                        help=f"the npm registry to download the tarballs from (default {REGISTRY})")
    parser.add_argument("--manifest", type=Path, default=MANIFEST, help=argparse.SUPPRESS)  # tests' own manifests
    args = parser.parse_args(argv)
    try:
        written = [] if args.check else vendor(args.manifest, args.registry)
        problems = differences(args.manifest)
    except VendorError as error:
        print(f"vendor: {error}", file=sys.stderr)
        return 1
    for path in written:
        print(f"vendor: wrote {_shown(path)}")
    if problems:
        print("\n".join(f"vendor: {problem}" for problem in problems), file=sys.stderr)
        return 1
    print(f"vendor: every file listed in {_shown(args.manifest)} matches")
    return 0


if __name__ == "__main__":
    sys.exit(main())
