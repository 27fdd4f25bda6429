import os

import pytest

from latent_explorer.files import atomic_folder, atomic_path, write_json


def test_atomic_path_keeps_previous_file_when_writing_fails(tmp_path):
    target = tmp_path / "file.bin"
    target.write_bytes(b"good")
    with pytest.raises(RuntimeError):
        with atomic_path(target) as temporary:
            temporary.write_bytes(b"half")
            raise RuntimeError("interrupted")
    assert target.read_bytes() == b"good"
    assert [p.name for p in tmp_path.iterdir()] == ["file.bin"]


def test_a_written_file_gets_the_usual_mode_or_keeps_the_replaced_ones(tmp_path):
    umask = os.umask(0)
    os.umask(umask)
    write_json(tmp_path / "new.json", {})
    assert (tmp_path / "new.json").stat().st_mode & 0o777 == 0o666 & ~umask  # not mkstemp's owner-only 0o600
    (tmp_path / "new.json").chmod(0o640)
    write_json(tmp_path / "new.json", {"again": True})
    assert (tmp_path / "new.json").stat().st_mode & 0o777 == 0o640


def test_an_atomic_folder_replaces_the_old_one_whole_or_not_at_all(tmp_path):
    target = tmp_path / "timeline"
    target.mkdir()
    (target / "old.npy").write_text("old")
    with pytest.raises(RuntimeError):
        with atomic_folder(target) as building:
            (building / "new.npy").write_text("half")
            raise RuntimeError("interrupted")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["timeline"] and (target / "old.npy").read_text() == "old"
    with atomic_folder(target) as building:
        (building / "new.npy").write_text("new")
    assert sorted(p.name for p in target.iterdir()) == ["new.npy"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["timeline"]
