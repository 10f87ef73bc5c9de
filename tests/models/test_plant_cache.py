"""The validated-plant cache: a restart with the same file skips parsing and validation;
any change to the file, a damaged entry or another version means a normal load."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from models import plant_cache
from models.plant_cache import PlantCache
from models.plant_loader import PlantFileError, load_plant
from resources import demo_plant_path


@pytest.fixture
def plant_file(tmp_path: Path) -> Path:
    path = tmp_path / "plant.toml"
    shutil.copyfile(demo_plant_path(), path)
    return path


def entries(cache: PlantCache) -> list[Path]:
    return sorted(cache.folder.glob("plant-*.cache"))


def test_a_restart_builds_the_same_plant_from_the_cache(plant_file: Path, tmp_path: Path) -> None:
    first = PlantCache(tmp_path / "cache", "1.0")
    loaded = first.load(plant_file)
    assert (first.hits, first.misses) == (0, 1)
    assert first.store_pending() is True
    assert first.store_pending() is False  # written once
    (entry,) = entries(first)
    assert entry.stat().st_mode & 0o777 == 0o600

    again = PlantCache(tmp_path / "cache", "1.0")
    cached = again.load(plant_file)
    assert (again.hits, again.misses) == (1, 0)
    assert cached.source == loaded.source == load_plant(plant_file).source
    assert list(cached.nodes) == list(loaded.nodes)
    assert cached.nodes == loaded.nodes
    assert cached.topo_index == loaded.topo_index
    assert cached.depth == loaded.depth
    some = next(ci for ci, node in loaded.nodes.items() if node.monitored)
    assert cached.points(some) == loaded.points(some)


def test_an_edit_with_the_same_size_and_mtime_is_still_seen(
    plant_file: Path, tmp_path: Path
) -> None:
    cache = PlantCache(tmp_path / "cache", "1.0")
    cache.load(plant_file)
    cache.store_pending()
    stat = plant_file.stat()
    text = plant_file.read_text(encoding="utf-8")
    name = load_plant(plant_file).source.site.name
    edited = text.replace(f'name = "{name}"', f'name = "{name[:-1]}X"', 1)
    assert edited != text and len(edited) == len(text)
    plant_file.write_text(edited, encoding="utf-8")
    os.utime(plant_file, ns=(stat.st_atime_ns, stat.st_mtime_ns))

    again = PlantCache(tmp_path / "cache", "1.0")
    assert again.load(plant_file).source.site.name == f"{name[:-1]}X"
    assert (again.hits, again.misses) == (0, 1)


def test_a_broken_file_is_reported_as_without_the_cache(plant_file: Path, tmp_path: Path) -> None:
    cache = PlantCache(tmp_path / "cache", "1.0")
    cache.load(plant_file)
    cache.store_pending()
    plant_file.write_text(plant_file.read_text(encoding="utf-8") + "\n[[ci]]\nid = 3\n")
    with pytest.raises(PlantFileError):
        PlantCache(tmp_path / "cache", "1.0").load(plant_file)
    with pytest.raises(PlantFileError, match="cannot read file"):
        PlantCache(tmp_path / "cache", "1.0").load(tmp_path / "missing.toml")


def test_a_damaged_entry_or_another_version_loads_the_file(
    plant_file: Path, tmp_path: Path
) -> None:
    cache = PlantCache(tmp_path / "cache", "1.0")
    expected = cache.load(plant_file).source
    cache.store_pending()
    (entry,) = entries(cache)

    newer = PlantCache(tmp_path / "cache", "1.1")
    assert newer.load(plant_file).source == expected
    assert (newer.hits, newer.misses) == (0, 1)

    blob = bytearray(entry.read_bytes())
    blob[-10] ^= 0xFF  # one flipped byte in the payload: its hash no longer matches
    entry.write_bytes(bytes(blob))
    damaged = PlantCache(tmp_path / "cache", "1.0")
    assert damaged.load(plant_file).source == expected
    assert (damaged.hits, damaged.misses) == (0, 1)

    entry.write_bytes(b"not a cache entry")
    other = PlantCache(tmp_path / "cache", "1.0")
    assert other.load(plant_file).source == expected
    assert other.misses == 1
    assert other.store_pending() is True  # rewritten whole
    assert PlantCache(tmp_path / "cache", "1.0").load(plant_file).source == expected


def test_a_changed_schema_or_check_does_not_meet_older_entries(
    plant_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = PlantCache(tmp_path / "cache", "1.0")
    cache.load(plant_file)
    cache.store_pending()
    monkeypatch.setattr(plant_cache, "_code_fingerprint", lambda: "another schema")
    again = PlantCache(tmp_path / "cache", "1.0")
    again.load(plant_file)
    assert (again.hits, again.misses) == (0, 1)


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX ownership and modes")
@pytest.mark.parametrize("what", ["entry", "folder"])
def test_an_entry_others_could_write_is_never_unpickled(
    plant_file: Path, tmp_path: Path, what: str
) -> None:
    """A pickle is code: in a shared PLANTCONSOLE_HOME an entry (or its folder) that the
    group or others can write is ignored, the plant file loaded anew."""
    cache = PlantCache(tmp_path / "cache", "1.0")
    cache.load(plant_file)
    cache.store_pending()
    (entry,) = entries(cache)
    target = entry if what == "entry" else entry.parent
    target.chmod(target.stat().st_mode | 0o020)
    again = PlantCache(tmp_path / "cache", "1.0")
    assert again.load(plant_file).source == load_plant(plant_file).source
    assert (again.hits, again.misses) == (0, 1)


def test_entries_of_plant_files_unused_for_a_month_are_removed(
    plant_file: Path, tmp_path: Path
) -> None:
    cache = PlantCache(tmp_path / "cache", "1.0")
    cache.load(plant_file)
    cache.store_pending()
    (used,) = entries(cache)
    stale = used.with_name("plant-" + "0" * 32 + ".cache")
    recent = used.with_name("plant-" + "1" * 32 + ".cache")
    for other, days in ((stale, plant_cache.UNUSED_DAYS + 1), (recent, 2)):
        shutil.copyfile(used, other)
        when = time.time() - days * 86400
        os.utime(other, (when, when))
    month_ago = time.time() - (plant_cache.UNUSED_DAYS + 5) * 86400
    os.utime(used, (month_ago, month_ago))
    again = PlantCache(tmp_path / "cache", "1.0")
    again.load(plant_file)  # a hit: the entry in use is touched, kept
    other = tmp_path / "other.toml"
    shutil.copyfile(plant_file, other)
    again.load(other)
    assert again.store_pending() is True  # writing an entry clears out the unused ones
    names = {p.name for p in entries(again)}
    assert used.name in names and recent.name in names and stale.name not in names
    assert len(names) == 3
