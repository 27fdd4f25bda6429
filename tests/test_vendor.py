"""tools/vendor.py: the committed vendored files against their manifest, and the fetcher against a local registry
serving a made-up package (never the internet)."""
import base64
import hashlib
import http.server
import io
import json
import socket
import tarfile
import threading

import pytest

from latent_explorer.tools.vendor import MANIFEST, differences, main

FAKE_FILES = {"package/dist/fake.mjs": b"export const answer = 42;\n", "package/LICENSE": b"MIT, made up\n"}
TARBALL_PATH = "/fake-package/-/fake-package-1.0.0.tgz"


def test_committed_vendored_files_match_the_manifest(capsys):
    assert differences() == []
    assert main(["--check"]) == 0
    assert "matches" in capsys.readouterr().out


def test_each_package_vendors_its_licence_text():
    for package in json.loads(MANIFEST.read_text())["packages"]:
        listed = {entry["path"] for entry in package["files"]}
        assert package["license_file"] in listed and (MANIFEST.parent / package["license_file"]).is_file()


def fake_tarball():
    data = io.BytesIO()
    with tarfile.open(fileobj=data, mode="w:gz") as archive:
        for name, content in FAKE_FILES.items():
            member = tarfile.TarInfo(name)
            member.size = len(content)
            archive.addfile(member, io.BytesIO(content))
    return data.getvalue()


class RegistryHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = self.server.files.get(self.path)
        if body is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def registry():
    """The URL of a registry on 127.0.0.1 that serves the made-up package's tarball."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), RegistryHandler)
    server.files = {TARBALL_PATH: fake_tarball()}
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def fake_manifest(folder, damage=None):
    """Write the made-up package's manifest into ``folder``, ``damage`` (package -> None) changing it; return its
    path."""
    tarball = fake_tarball()
    package = {"name": "fake-package", "version": "1.0.0", "license": "MIT",
               "tarball": f"https://registry.npmjs.org{TARBALL_PATH}",
               "integrity": "sha512-" + base64.b64encode(hashlib.sha512(tarball).digest()).decode(),
               "license_file": "fake-package/LICENSE",
               "files": [{"tarball_path": name, "path": f"fake-package/{name.rsplit('/', 1)[-1]}",
                          "size": len(content), "sha256": hashlib.sha256(content).hexdigest()}
                         for name, content in FAKE_FILES.items()]}
    if damage:
        damage(package)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "manifest.json").write_text(json.dumps({"packages": [package]}))
    return folder / "manifest.json"


def files_under(folder):
    """Every file under ``folder``, hidden ones (half-written temporaries) included."""
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file())


def test_fetcher_writes_the_listed_files_from_the_tarball(registry, tmp_path, capsys):
    manifest = fake_manifest(tmp_path / "vendor")
    assert main(["--manifest", str(manifest), "--registry", registry]) == 0
    assert files_under(tmp_path / "vendor") == ["fake-package/LICENSE", "fake-package/fake.mjs", "manifest.json"]
    assert (tmp_path / "vendor" / "fake-package" / "fake.mjs").read_bytes() == FAKE_FILES["package/dist/fake.mjs"]
    assert capsys.readouterr().out.count("wrote ") == 2


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


OTHER_INTEGRITY = "sha512-" + base64.b64encode(hashlib.sha512(b"other bytes").digest()).decode()


# The second file is the bad one, so the first has already passed its checks when the fetcher refuses.
@pytest.mark.parametrize("damage, words", [
    (lambda package: package.update(integrity=OTHER_INTEGRITY), "not the manifest's sha512-"),
    (lambda package: package["files"][1].update(sha256="0" * 64), "package/LICENSE has sha256 "),
    (lambda package: package["files"][1].update(tarball_path="package/NOT-THERE"),
     "package/NOT-THERE is not a file in the tarball"),
    (lambda package: package.update(tarball=package["tarball"].replace("1.0.0", "9.9.9")), "answered 404"),
    (None, "could not download"),
], ids=["integrity", "sha256", "missing-file", "not-published", "unreachable"])
def test_fetcher_refuses_and_writes_nothing(registry, tmp_path, capsys, damage, words):
    manifest = fake_manifest(tmp_path / "vendor", damage)
    url = registry if damage else f"http://127.0.0.1:{closed_port()}"
    assert main(["--manifest", str(manifest), "--registry", url]) == 1
    error = capsys.readouterr().err
    assert words in error and "fake-package" in error and "\n" not in error.rstrip("\n")
    assert files_under(tmp_path / "vendor") == ["manifest.json"]


def test_check_names_each_bad_file_and_the_command_that_restores_it(registry, tmp_path, capsys):
    manifest = fake_manifest(tmp_path / "vendor")
    main(["--manifest", str(manifest), "--registry", registry])
    (tmp_path / "vendor" / "fake-package" / "fake.mjs").write_text("changed")
    (tmp_path / "vendor" / "fake-package" / "LICENSE").unlink()
    capsys.readouterr()
    assert main(["--manifest", str(manifest), "--check"]) == 1
    problems = capsys.readouterr().err.splitlines()
    assert len(problems) == 2
    assert "fake-package/fake.mjs (fake-package@1.0.0) differs from the manifest" in problems[0]
    assert "fake-package/LICENSE (fake-package@1.0.0) is missing" in problems[1]
    assert all(f"restore it with: bash scripts/vendor.sh --manifest {manifest.resolve()}" in line for line in problems)


def test_a_file_from_outside_the_tarball_is_restored_from_git(tmp_path):
    entry = {"source": "copied by hand", "path": "fake-package/NOTICE", "size": 1, "sha256": "0" * 64}
    manifest = fake_manifest(tmp_path / "vendor", lambda package: package.update(files=[entry]))
    [problem] = differences(manifest)
    notice = (tmp_path / "vendor" / "fake-package" / "NOTICE").resolve()
    assert problem.endswith(f"is missing; restore it with: git checkout -- {notice}")
