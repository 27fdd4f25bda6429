"""fetch.py: downloads from a local HTTP server serving made-up .gz files (never the internet), and the start-up check."""
import dataclasses
import gzip
import hashlib
import http.server
import socket
import subprocess
import sys
import threading
import time

import numpy as np
import pytest

import latent_explorer.fetch
from latent_explorer.cli import main as cli
from latent_explorer.datasets import DATASETS
from latent_explorer.fetch import FetchError
from latent_explorer.raw_data import read_idx
from latent_explorer.fetch import (MIRROR_ENV, OFFLINE_STAMP, RECHECK_SECONDS, any_answers, fetch_dataset,
                           start_in_background)
from tiny_data import make_raw_dataset


@pytest.fixture(scope="module")
def made_up_files(tmp_path_factory):
    """id -> {file name.gz: (gzip bytes, uncompressed bytes)}: tiny IDX files in place of the real ones."""
    root = tmp_path_factory.mktemp("made-up")
    files = {}
    for seed, spec in enumerate(DATASETS.values()):
        make_raw_dataset(root, spec, seed)
        files[spec.id] = {}
        for name, _ in spec.resources:
            raw = (root / spec.folder_name / "raw" / name.removesuffix(".gz")).read_bytes()
            files[spec.id][name] = (gzip.compress(raw, mtime=0), raw)
    return files


class MirrorHandler(http.server.BaseHTTPRequestHandler):
    """Serves ``server.files`` (URL path -> bytes); ``server.mode`` breaks it: "404", "corrupt" or "truncated"."""

    def do_GET(self, head=False):
        self.server.requests.append(self.path)
        body = self.server.files.get(self.path)
        if body is None or self.server.mode == "404":
            self.send_error(404)
            return
        if head:
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return
        if self.server.mode == "corrupt":
            body = body[:100] + bytes([body[100] ^ 1]) + body[101:]
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        # Truncated: the server closes the connection halfway through the promised length.
        self.wfile.write(body[:len(body) // 2] if self.server.mode == "truncated" else body)

    def do_HEAD(self):
        self.do_GET(head=True)

    def log_message(self, *args):
        pass


@pytest.fixture
def mirror(made_up_files, monkeypatch):
    """A local mirror of the made-up files at $LATENT_EXPLORER_MIRROR, and the registry's checksums set to theirs."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), MirrorHandler)
    server.files, server.mode, server.requests = {}, "ok", []
    for dataset_id, files in made_up_files.items():
        spec = DATASETS[dataset_id]
        for name, (compressed, _) in files.items():
            server.files[f"/{spec.folder_name}/{name}"] = compressed
        resources = tuple((name, hashlib.md5(files[name][0]).hexdigest()) for name, _ in spec.resources)
        monkeypatch.setitem(DATASETS, dataset_id, dataclasses.replace(spec, resources=resources))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv(MIRROR_ENV, f"http://127.0.0.1:{server.server_port}")
    yield server
    server.shutdown()
    server.server_close()


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def raw_files(root):
    """Every file under ``root``, hidden ones (temporary files) included, as relative paths."""
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def test_fetch_writes_torchvisions_files_and_skips_them_next_time(mirror, made_up_files, tmp_path):
    spec = DATASETS["mnist"]
    written = fetch_dataset(spec, tmp_path, progress=False)
    assert [path.name for path in written] == [name.removesuffix(".gz") for name, _ in spec.resources]
    assert raw_files(tmp_path) == sorted(f"MNIST/raw/{path.name}" for path in written)
    for name, (_, raw) in made_up_files["mnist"].items():
        assert (tmp_path / "MNIST" / "raw" / name.removesuffix(".gz")).read_bytes() == raw
    assert read_idx(tmp_path / "MNIST" / "raw" / "train-images-idx3-ubyte").shape == (300, 28, 28)
    requests = len(mirror.requests)
    assert fetch_dataset(spec, tmp_path, progress=False) == [] and len(mirror.requests) == requests


def test_fetch_downloads_only_the_missing_files(mirror, tmp_path):
    fetch_dataset(DATASETS["mnist"], tmp_path, progress=False)
    (tmp_path / "MNIST" / "raw" / "t10k-labels-idx1-ubyte").unlink()
    mirror.requests.clear()
    assert [path.name for path in fetch_dataset(DATASETS["mnist"], tmp_path, progress=False)] == ["t10k-labels-idx1-ubyte"]
    assert mirror.requests == ["/MNIST/t10k-labels-idx1-ubyte.gz"]


@pytest.mark.parametrize("mode, reason", [("corrupt", "MD5"), ("404", "HTTP 404"), ("truncated", "")])
def test_a_failed_download_leaves_nothing_and_says_which_mirror_and_what_to_do(mirror, tmp_path, mode, reason):
    mirror.mode = mode
    with pytest.raises(FetchError) as raised:
        fetch_dataset(DATASETS["mnist"], tmp_path, progress=False)
    message = str(raised.value)
    assert f"{mirror.server_port}/MNIST/train-images-idx3-ubyte.gz: {reason}" in message
    assert "latent-explorer fetch mnist" in message and "LATENT_EXPLORER_DATA" in message
    assert raw_files(tmp_path) == []


def test_a_refused_connection_names_the_mirror(monkeypatch, tmp_path):
    monkeypatch.setenv(MIRROR_ENV, f"http://127.0.0.1:{closed_port()}/")
    with pytest.raises(FetchError, match="refused"):
        fetch_dataset(DATASETS["fashion-mnist"], tmp_path, progress=False)
    assert raw_files(tmp_path) == []


def test_an_interrupted_download_leaves_nothing(mirror, monkeypatch, tmp_path):
    class Interrupted(latent_explorer.fetch.tqdm):
        def update(self, n=1):
            raise KeyboardInterrupt  # as Ctrl-C does, after the first block has been written

    monkeypatch.setattr(latent_explorer.fetch, "tqdm", Interrupted)
    with pytest.raises(KeyboardInterrupt):
        fetch_dataset(DATASETS["mnist"], tmp_path, progress=False)
    assert raw_files(tmp_path) == []


def test_files_fetched_before_a_failure_are_kept(mirror, tmp_path):
    del mirror.files["/MNIST/t10k-images-idx3-ubyte.gz"]
    with pytest.raises(FetchError, match="t10k-images-idx3-ubyte.gz: HTTP 404"):
        fetch_dataset(DATASETS["mnist"], tmp_path, progress=False)
    assert raw_files(tmp_path) == ["MNIST/raw/train-images-idx3-ubyte", "MNIST/raw/train-labels-idx1-ubyte"]


def test_the_next_mirror_is_tried_when_one_fails(mirror, monkeypatch, tmp_path):
    monkeypatch.delenv(MIRROR_ENV)
    spec = dataclasses.replace(DATASETS["mnist"], mirrors=(f"http://127.0.0.1:{closed_port()}/",
                                                          f"http://127.0.0.1:{mirror.server_port}/MNIST/"))
    assert len(fetch_dataset(spec, tmp_path, progress=False)) == 4


def test_the_registry_holds_torchvisions_mirrors_and_checksums():
    assert DATASETS["mnist"].mirrors[0] == "https://ossci-datasets.s3.amazonaws.com/mnist/"
    assert dict(DATASETS["fashion-mnist"].resources)["t10k-images-idx3-ubyte.gz"] == "bef4ecab320f06d8554ea6380940ec79"
    for spec in DATASETS.values():
        assert [name for name, _ in spec.resources] == ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                                                        "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"]


def test_the_command_fetches_every_data_set_by_default(mirror, tmp_path, capsys):
    assert cli(["fetch", "--data-root", str(tmp_path), "--quiet"]) == 0
    assert len(raw_files(tmp_path)) == 8
    assert cli(["fetch", "mnist", "--data-root", str(tmp_path)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == f"MNIST: already in {tmp_path / 'MNIST' / 'raw'}"


def test_the_command_reports_a_failure_without_a_traceback(mirror, tmp_path, capsys):
    mirror.mode = "404"
    assert cli(["fetch", "fashion-mnist", "--data-root", str(tmp_path), "--quiet"]) == 2
    error = capsys.readouterr().err
    assert error.startswith("latent-explorer fetch: error: Fashion-MNIST: could not download") and "HTTP 404" in error


def test_the_command_rejects_an_unknown_data_set(capsys):
    assert cli(["fetch", "kmnist"]) == 2
    assert "unknown data set 'kmnist'; known: mnist, fashion-mnist" in capsys.readouterr().err


class Answers:
    def __init__(self, answer):
        self.answer, self.calls = answer, 0

    def __call__(self, urls, timeout):
        self.calls += 1
        assert timeout <= 2
        return self.answer


def background(root, answers, now=1_000_000.0, spawn=None):
    lines, spawned = [], []
    process = start_in_background(list(DATASETS.values()), root, report=lines.append, now=lambda: now,
                                  answers=answers, spawn=spawn or spawned.append)
    return lines, spawned, process


def test_on_start_with_every_original_there_nothing_is_checked(mirror, tmp_path):
    assert cli(["fetch", "--data-root", str(tmp_path), "--quiet"]) == 0
    assert background(tmp_path, answers=None) == ([], [], None)


def test_on_start_online_the_missing_data_sets_are_fetched_in_another_process(tmp_path):
    (tmp_path / OFFLINE_STAMP).write_text("")
    lines, [command], _ = background(tmp_path, Answers(True), now=time.time() + RECHECK_SECONDS + 1)
    assert command[1:] == ["-m", "latent_explorer", "fetch", "--quiet", "--data-root", str(tmp_path), "mnist",
                           "fashion-mnist"]
    assert len(lines) == 1 and "in the background" in lines[0] and not (tmp_path / OFFLINE_STAMP).exists()


def test_on_start_offline_says_so_once_and_skips_the_check_for_an_hour(tmp_path):
    lines, spawned, _ = background(tmp_path, Answers(False))
    assert len(lines) == 1 and spawned == []
    assert "original images will not show" in lines[0] and "latent-explorer fetch" in lines[0]
    assert "LATENT_EXPLORER_DATA" in lines[0] and (tmp_path / OFFLINE_STAMP).exists()

    not_checked = Answers(True)
    lines, spawned, _ = background(tmp_path, not_checked, now=1_000_000.0 + RECHECK_SECONDS - 1)
    assert not_checked.calls == 0 and spawned == [] and len(lines) == 1 and "next check after" in lines[0]

    checked = Answers(True)
    lines, [_], _ = background(tmp_path, checked, now=1_000_000.0 + RECHECK_SECONDS + 1)
    assert checked.calls == 1


def test_on_start_the_background_process_runs_the_fetch_command(monkeypatch, tmp_path):
    monkeypatch.setenv(MIRROR_ENV, f"http://127.0.0.1:{closed_port()}")

    def spawn(command):
        return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    _, _, process = background(tmp_path, Answers(True), spawn=spawn)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 2 and "Traceback" not in err
    assert err.startswith("latent-explorer fetch: error: MNIST: could not download train-images-idx3-ubyte.gz")
    assert raw_files(tmp_path) == []


def test_the_connection_check_wants_an_answer_in_time(mirror):
    served = f"http://127.0.0.1:{mirror.server_port}/MNIST/train-labels-idx1-ubyte.gz"
    refused = f"http://127.0.0.1:{closed_port()}/MNIST/train-labels-idx1-ubyte.gz"
    assert any_answers([refused, served], 2)
    assert not any_answers([served.replace("MNIST", "KMNIST")], 2)  # a 404 is no mirror
    # A refusal answers at once: with a limit of an hour the check still ends (the thread joins long before).
    refusal = threading.Thread(target=any_answers, args=([refused], 3600), daemon=True)
    refusal.start()
    refusal.join(60)
    assert not refusal.is_alive()
    with socket.socket() as silent:  # accepts connections and never answers, like a black hole behind a proxy
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        start = time.monotonic()
        assert not any_answers([f"http://127.0.0.1:{silent.getsockname()[1]}/x.gz"], 0.5)
        assert time.monotonic() - start >= 0.5  # it waited out its limit, and then gave up


def test_the_background_check_fits_in_the_start_of_the_run_command(monkeypatch, tmp_path):
    monkeypatch.setenv(MIRROR_ENV, f"http://127.0.0.1:{closed_port()}")
    run = subprocess.run([sys.executable, "-m", "latent_explorer", "fetch", "--background", "--data-root", str(tmp_path)],
                         capture_output=True, text=True, timeout=30)
    assert run.returncode == 0 and run.stderr == ""
    [line] = run.stdout.splitlines()
    assert line.startswith("latent-explorer: original images will not show")
    assert np.isclose((tmp_path / OFFLINE_STAMP).stat().st_mtime, time.time(), atol=30)
