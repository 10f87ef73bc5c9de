"""The local store: opening (PRAGMAs, bad files, newer schema, rights) and the CMDB import."""

from __future__ import annotations

import hashlib
import os
import random
import re
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from models.plant_loader import load_plant, parse_plant
from models.store import (
    ImportReport,
    Store,
    StoreError,
    cmdb_import,
    import_plant,
    last_import,
    load_cmdb,
    load_lines,
    open_store,
)

DEMO = Path(__file__).parents[2] / "resources" / "demo_plant.toml"
DEMO_CI_COUNT = 52  # site, 3 areas, 4 lines, 44 CIs

NEW_CI = """
[[ci]]
id = "AR-042-SCN"
name = "Barcode scanner AR-042"
kind = "sensor"
parent = "AR-042"
criticality = "info"
depends_on = ["SW-L3-043"]
reach = { host = "127.0.1.9" }
"""

requires_non_root = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0,
    reason="file permissions do not stop root (or this is not POSIX)",
)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "console.db") as opened:
        yield opened


def import_file(store: Store, path: Path) -> ImportReport:
    data = path.read_bytes()
    return import_plant(store, parse_plant(data, str(path)), path, data)


def modified_demo(tmp_path: Path) -> Path:
    """The demo plant with AR-042-PLC's firmware and dependencies changed,
    AR-043-RC removed and AR-042-SCN added."""
    text = DEMO.read_text(encoding="utf-8")
    old_plc = 'firmware = "V3.1.2"\ndepends_on = ["SW-L3-043"]\n'
    assert text.count(old_plc) == 1
    text = text.replace(old_plc, 'firmware = "V3.2.0"\ndepends_on = ["SW-L3-043", "SW-CORE-01"]\n')
    text, removed = re.subn(r'\[\[ci\]\]\nid = "AR-043-RC"\n(.+\n)+\n', "", text)
    assert removed == 1
    path = tmp_path / "plant-v2.toml"
    path.write_text(text + NEW_CI, encoding="utf-8")
    return path


# --- import -------------------------------------------------------------------


def test_first_import_stores_every_ci_and_line(store: Store) -> None:
    report = import_file(store, DEMO)

    plant = load_plant(DEMO)
    assert report.first_import
    assert report.added == list(plant.nodes)
    assert (report.removed, report.changed, report.unchanged) == ([], {}, 0)
    assert report.summary()[0].startswith("added 52 CIs: WN, HA, HB, NET, L3, L4")
    rows = load_cmdb(store)
    assert [row.id for row in rows] == list(plant.nodes)
    plc = next(row for row in rows if row.id == "AR-042-PLC")
    assert (plc.kind, plc.parent, plc.line_id, plc.criticality) == (
        "plc",
        "AR-042",
        "L3",
        "stops_line",
    )
    assert (plc.protocol, plc.endpoint) == ("opcua", "opc.tcp://127.0.1.1:4840")
    assert (plc.vendor, plc.model) == ("Siemens", "S7-1500")  # from its profile
    assert plc.depends_on == ["SW-L3-043"]
    assert plc.attrs == plant["AR-042-PLC"].ci.model_dump(mode="json")  # type: ignore[union-attr]
    ring = next(row for row in rows if row.id == "RING-L1")
    assert (ring.members, ring.min_up, ring.protocol, ring.endpoint) == (
        ["SW-L1-A", "SW-L1-B"],
        1,
        None,
        "",
    )
    site = rows[0]
    assert (site.kind, site.parent, site.line_id, site.attrs["timezone"]) == (
        "site",
        None,
        None,
        "Europe/Berlin",
    )
    modbus = next(row for row in rows if row.id == "AR-042-RC")
    assert modbus.endpoint == "modbus://127.0.1.3:5020?unit=1"
    lines = {line.id: line for line in load_lines(store)}
    assert set(lines) == {"L1", "L3", "L4", "L5"}
    l3 = lines["L3"]
    assert (l3.name, l3.area, l3.cost_per_hour, l3.units_per_shift) == (
        "Assembly Line 3",
        "HA",
        3800.0,
        240,
    )
    assert (l3.shifts, l3.running_tag) == (["early", "late", "night"], "CONV-L3-PLC:line_running")
    assert lines["L1"].running_tag is None


def test_import_is_recorded(store: Store) -> None:
    assert last_import(store) is None
    import_file(store, DEMO)

    record = last_import(store)
    assert record is not None
    assert record.sha256 == hashlib.sha256(DEMO.read_bytes()).hexdigest()
    assert (record.site_id, record.ci_count, record.source_path) == ("WN", 52, str(DEMO))
    assert record.imported_at.tzinfo is not None
    assert record.imported_at.utcoffset() is not None
    assert not record.imported_at.utcoffset()
    assert record.summary["first_import"] is True
    assert len(record.summary["added"]) == DEMO_CI_COUNT


def test_reimport_of_the_same_file_changes_nothing(store: Store) -> None:
    import_file(store, DEMO)
    before = [(row.id, row.content_hash, row.position) for row in load_cmdb(store)]

    report = import_file(store, DEMO)

    assert not report.first_import
    assert (report.added, report.removed, report.changed) == ([], [], {})
    assert report.unchanged == DEMO_CI_COUNT
    assert report.summary() == ["no changes"]
    assert [(row.id, row.content_hash, row.position) for row in load_cmdb(store)] == before
    record = last_import(store)
    assert record is not None
    assert record.id == 2
    assert record.summary["unchanged"] == DEMO_CI_COUNT


def test_modified_plant_gives_an_exact_report(store: Store, tmp_path: Path) -> None:
    import_file(store, DEMO)
    changed_file = modified_demo(tmp_path)

    report = import_file(store, changed_file)

    assert report.added == ["AR-042-SCN"]
    assert report.removed == ["AR-043-RC"]
    assert report.changed == {"AR-042-PLC": ["depends_on", "firmware"]}
    assert report.unchanged == DEMO_CI_COUNT - 2
    assert not report.first_import
    assert report.summary() == [
        "added 1 CI: AR-042-SCN",
        "changed AR-042-PLC: depends_on, firmware",
        "removed 1 CI: AR-043-RC",
    ]
    rows = {row.id: row for row in load_cmdb(store)}
    assert "AR-043-RC" not in rows
    assert rows["AR-042-PLC"].attrs["firmware"] == "V3.2.0"
    assert rows["AR-042-PLC"].depends_on == ["SW-L3-043", "SW-CORE-01"]
    assert rows["AR-042-SCN"].line_id == "L3"
    # Positions follow the new file, with no gaps.
    assert [row.id for row in load_cmdb(store)] == list(load_plant(changed_file).nodes)
    assert [row.position for row in load_cmdb(store)] == list(range(DEMO_CI_COUNT))
    # And importing the changed file again is a no-op.
    assert import_file(store, changed_file).summary() == ["no changes"]


def test_line_cost_change_updates_line_service(store: Store, tmp_path: Path) -> None:
    import_file(store, DEMO)
    text = DEMO.read_text(encoding="utf-8")
    text = text.replace(
        'id = "L4"\nname = "Assembly Line 4"\narea = "HA"\ncost_per_hour = 3800',
        ('id = "L4"\nname = "Assembly Line 4"\narea = "HA"\ncost_per_hour = 4100'),
    )
    changed_file = tmp_path / "plant.toml"
    changed_file.write_text(text, encoding="utf-8")

    report = import_file(store, changed_file)

    assert report.changed == {"L4": ["cost_per_hour"]}
    assert {line.id: line.cost_per_hour for line in load_lines(store)}["L4"] == 4100.0


def test_summary_shortens_long_lists() -> None:
    ids = [f"CI-{n}" for n in range(15)]
    report = ImportReport(
        added=ids,
        removed=["X"],
        changed={i: ["name"] for i in ids},
        unchanged=0,
        first_import=False,
    )

    lines = report.summary(limit=3)

    assert lines == [
        "added 15 CIs: CI-0, CI-1, CI-2 and 12 more",
        "changed CI-0: name",
        "changed CI-1: name",
        "changed CI-2: name",
        "changed 12 more CIs",
        "removed 1 CI: X",
    ]
    assert len(report.summary(limit=None)) == 17


def test_failed_import_leaves_the_store_as_it_was(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_file(store, DEMO)
    before = [(row.id, row.content_hash) for row in load_cmdb(store)]

    def fail(*_args: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(cmdb_import, "_sync_lines", fail)  # after the CIs were written
    with pytest.raises(RuntimeError, match="disk on fire"):
        import_file(store, modified_demo(tmp_path))

    assert [(row.id, row.content_hash) for row in load_cmdb(store)] == before
    record = last_import(store)
    assert record is not None
    assert record.id == 1


def test_cmdb_survives_close_and_reopen(tmp_path: Path) -> None:
    path = tmp_path / "console.db"
    with open_store(path) as store:
        import_file(store, DEMO)
        before = [(row.id, row.content_hash) for row in load_cmdb(store)]

    with open_store(path) as store:
        assert [(row.id, row.content_hash) for row in load_cmdb(store)] == before
        assert import_file(store, DEMO).summary() == ["no changes"]


# --- the connection -----------------------------------------------------------


def test_every_connection_is_durable_wal(store: Store) -> None:
    names = ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
    with store.engine.connect() as first, store.engine.connect() as second:
        for connection in (first, second):
            values = {name: connection.exec_driver_sql(f"PRAGMA {name}").scalar() for name in names}
            # synchronous 2 is FULL
            assert values == {
                "journal_mode": "wal",
                "synchronous": 2,
                "foreign_keys": 1,
                "busy_timeout": 5000,
            }


def test_a_refetchable_write_alone_commits_without_waiting_for_the_disk(store: Store) -> None:
    """Pulled pages (with their cursor) commit with synchronous=NORMAL; the connection
    goes back to the pool FULL again, also after a failed write, so local actions stay
    durable."""
    level = "PRAGMA synchronous"
    with store.write(refetchable=True) as connection:
        assert connection.exec_driver_sql(level).scalar() == 1  # NORMAL
    with pytest.raises(RuntimeError), store.write(refetchable=True):
        raise RuntimeError("rolled back")
    with store.write() as connection:
        assert connection.exec_driver_sql(level).scalar() == 2  # FULL
    with store.engine.connect() as first, store.engine.connect() as second:
        assert [c.exec_driver_sql(level).scalar() for c in (first, second)] == [2, 2]


def _other_writer_is_blocked(path: Path) -> bool:
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        assert "locked" in str(error)
        return True
    else:
        other.execute("ROLLBACK")
        return False
    finally:
        other.close()


def test_writers_take_the_write_lock_up_front(store: Store) -> None:
    with store.write() as connection:
        connection.exec_driver_sql("SELECT 1")  # nothing written yet
        assert _other_writer_is_blocked(store.path)
    with store.session(write=True) as session, session.begin():
        session.execute(select(1))
        assert _other_writer_is_blocked(store.path)
    with store.read() as connection:
        connection.exec_driver_sql("SELECT count(*) FROM ci").scalar()
        assert not _other_writer_is_blocked(store.path)  # WAL: readers never block writers
    assert not _other_writer_is_blocked(store.path)


def test_closing_releases_every_connection(tmp_path: Path) -> None:
    path = tmp_path / "console.db"
    store = open_store(path)
    import_file(store, DEMO)
    load_cmdb(store)

    store.close()

    # The last connection to close checkpoints the WAL and removes it.
    assert not Path(f"{path}-wal").exists()
    with pytest.raises(StoreError, match="closed"):
        load_cmdb(store)
    store.close()  # closing twice is harmless


# --- files that must be left alone ---------------------------------------------


def _real_db(path: Path) -> None:
    with open_store(path) as store:
        import_file(store, DEMO)


def _random_bytes(path: Path) -> None:
    path.write_bytes(random.Random(42).randbytes(64 * 1024))


def _text_file(path: Path) -> None:
    path.write_bytes(DEMO.read_bytes())


def _truncated_db(path: Path) -> None:
    _real_db(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _scrambled_pages(path: Path) -> None:
    """A valid header over garbage: every page after the first overwritten."""
    _real_db(path)
    data = path.read_bytes()
    page_size = int.from_bytes(data[16:18], "big")
    garbage = random.Random(7).randbytes(len(data) - page_size)
    path.write_bytes(data[:page_size] + garbage)


def _foreign_db(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE recipes (name TEXT)")
    connection.execute("INSERT INTO recipes VALUES ('bread')")
    connection.commit()
    connection.close()


@pytest.mark.parametrize(
    "make",
    [_random_bytes, _text_file, _truncated_db, _scrambled_pages, _foreign_db],
    ids=["random-bytes", "text-file", "truncated-db", "scrambled-pages", "other-programs-db"],
)
def test_a_file_that_is_not_a_sound_store_is_left_untouched(
    tmp_path: Path, make: Callable[[Path], None]
) -> None:
    path = tmp_path / "console.db"
    make(path)
    before = path.read_bytes()

    with pytest.raises(StoreError) as caught:
        open_store(path)

    message = str(caught.value)
    assert str(path) in message
    assert "is not a PlantConsole database or is damaged" in message
    assert "left untouched for recovery" in message
    assert path.read_bytes() == before
    assert caught.value.path == path
    assert [p.name for p in tmp_path.iterdir()] == ["console.db"]  # no -wal or -shm left


def test_a_newer_schema_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "console.db"
    _real_db(path)
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num = '0999'")
    connection.commit()
    connection.close()
    before = path.read_bytes()

    with pytest.raises(StoreError, match="created by a newer PlantConsole") as caught:
        open_store(path)

    assert "0999" in str(caught.value)
    assert path.read_bytes() == before


def test_an_empty_file_becomes_a_store(tmp_path: Path) -> None:
    path = tmp_path / "console.db"
    path.touch()

    with open_store(path) as store:
        assert import_file(store, DEMO).first_import


def test_a_path_with_url_characters_is_just_a_path(tmp_path: Path) -> None:
    folder = tmp_path / "what? #1 100%"
    folder.mkdir()

    with open_store(folder / "console?.db") as store:
        import_file(store, DEMO)

    assert [p.name for p in folder.iterdir()] == ["console?.db"]


def test_a_folder_is_not_a_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a folder"):
        open_store(tmp_path)


def test_a_path_below_a_file_names_the_os_reason(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")

    with pytest.raises(StoreError, match=r"cannot open the PlantConsole database .* for writing"):
        open_store(blocker / "console.db")


@requires_non_root
def test_a_read_only_folder_names_the_os_reason(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(StoreError, match="Permission denied") as caught:
            open_store(folder / "console.db")
        assert str(folder / "console.db") in str(caught.value)
        assert not (folder / "console.db").exists()
    finally:
        folder.chmod(0o755)


@requires_non_root
def test_a_read_only_database_names_the_os_reason(tmp_path: Path) -> None:
    path = tmp_path / "console.db"
    _real_db(path)
    before = path.read_bytes()
    path.chmod(0o444)
    try:
        with pytest.raises(StoreError, match="Permission denied"):
            open_store(path)
        assert path.read_bytes() == before
    finally:
        path.chmod(0o644)
