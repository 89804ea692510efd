"""The cache folder: never one that someone else planted in the shared temp dir."""

from __future__ import annotations

import os
import tempfile

import pytest

from undocs.analyzers import cache


@pytest.fixture
def no_home_cache(tmp_path, monkeypatch):
    """A home whose cache cannot be made, and a temp dir of the test's own."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    monkeypatch.setattr(cache, "_FRESH", [], raising=False)
    return temp / f"undocs-{os.getuid()}"


def test_a_fresh_private_folder_is_made_in_the_temp_dir(no_home_cache):
    assert cache.cache_dir() == str(no_home_cache)
    assert no_home_cache.stat().st_mode & 0o777 == 0o700


def test_a_world_writable_folder_planted_there_is_not_used(no_home_cache):
    no_home_cache.mkdir()
    no_home_cache.chmod(0o777)
    (no_home_cache / "jieba.cache").write_bytes(b"planted")
    path = cache.cache_dir()
    assert path != str(no_home_cache)
    assert os.stat(path).st_uid == os.getuid() and os.stat(path).st_mode & 0o777 == 0o700
    assert cache.cache_dir() == path  # the same one for the rest of the process


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a folder away takes root (as in CI)")
def test_a_folder_of_another_user_is_not_used(no_home_cache):
    no_home_cache.mkdir(mode=0o700)
    os.chown(no_home_cache, 54321, -1)
    path = cache.cache_dir()
    assert path != str(no_home_cache) and os.stat(path).st_uid == os.getuid()


def test_a_link_planted_in_its_place_is_not_followed(no_home_cache, tmp_path):
    target = tmp_path / "theirs"
    target.mkdir(mode=0o700)
    no_home_cache.symlink_to(target)
    assert cache.cache_dir() != str(no_home_cache)
