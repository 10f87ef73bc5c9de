"""Issue 6: the console compares its plant file with the one the server holds (a real
server process, the plant uploaded through the API with an admin token): none uploaded
yet, the same file (also as a CRLF copy), a differing one, and answers it cannot use."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.commands.run_commands import status_printer
from app.incidents.service import IncidentService
from app.sync.console_link import ConsoleLink, sync_notices
from app.sync.plant_drift import PlantMetaError, compare, local_digests, parse_meta
from app.sync.status import PlantCheck, Rejection, SyncStatus
from models.cmdb import Plant
from models.store import open_store
from resources import demo_plant_path
from server.process import ServerProcess
from tests.server.helpers import eventually, run
from tests.server.site import Site


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    db = tmp_path_factory.mktemp("srv") / "server.sqlite"
    process = ServerProcess(f"sqlite:///{db}")
    process.create_admin("root", "root-password")
    with process:
        yield Site(process, "root", "root-password")


def test_plant_file_compared_with_the_servers_none_same_and_differing(
    site: Site, demo_plant: Plant, tmp_path: Path
) -> None:
    text = demo_plant_path().read_bytes()
    local = tmp_path / "plant.toml"
    local.write_bytes(text)
    credential = site.add_console()
    printed: list[str] = []

    async def scenario() -> None:
        with open_store(tmp_path / "store.sqlite") as store:
            service = IncidentService(
                store, demo_plant, user="anna", console_id=credential.console_id
            )
            link = ConsoleLink(
                service,
                site.url,
                credential,
                on_status=status_printer(lambda line, **_: printed.append(line)),
                plant_file=local,
                poll_s=2.0,
            )
            link.start()
            try:
                await eventually(lambda: link.status.plant is not None, what="first check")
                none = link.status.plant
                assert none == PlantCheck(str(local)) and not none.differs  # 404: quiet note

                meta = site.admin(
                    "PUT", "/v1/plant", content=text, headers={"content-type": "text/plain"}
                ).json()
                same = await link.check_plant()
                assert same is not None and same.same and not same.differs
                assert same.server_version == meta["version"] == 1
                assert link.status.plant == same

                local.write_bytes(text.replace(b"\n", b"\r\n"))  # a Windows copy: the same
                crlf = await link.check_plant()
                assert crlf is not None and crlf.same

                local.write_bytes(text + b"\n# edited on this console\n")
                differs = await link.check_plant()
                assert differs is not None and differs.differs
                assert differs.server_sha256 == meta["sha256"]
                assert link.status.plant == differs

                # the server gets a newer version: after a reconnect the link compares again
                local.write_bytes(text + b"\n# v2\n")
                site.admin(
                    "PUT",
                    "/v1/plant",
                    content=local.read_bytes(),
                    headers={"content-type": "text/plain"},
                )
                await link.stop()
                link.start()
                await eventually(
                    lambda: link.status.plant is not None and link.status.plant.same,
                    what="compared again after reconnecting",
                )
                assert link.status.plant.server_version == 2
                # and while it stays online, every `plant_recheck_s`: plant IT uploads v3
                link.plant_recheck_s = 0.5
                site.admin(
                    "PUT",
                    "/v1/plant",
                    content=text + b"\n# v3\n",
                    headers={"content-type": "text/plain"},
                )
                service.raise_manual("SW-L3-043", "a sync to hear of", impact=3, urgency=3)
                await eventually(
                    lambda: link.status.plant is not None and link.status.plant.differs,
                    what="compared again while online",
                )
                assert link.status.plant.server_version == 3
            finally:
                await link.stop()

    run(scenario())
    text_out = "\n".join(printed)
    assert "plant: no plant file on the server yet" in text_out
    assert "warning: plant file differs from the server's" in text_out
    assert f"{local} is not the server's version 1" in text_out
    assert "is the server's version 2" in text_out
    assert "is not the server's version 3" in text_out


def test_an_unreadable_plant_file_or_a_strange_answer_is_said_not_a_crash(
    site: Site, demo_plant: Plant, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    credential = site.add_console()

    async def scenario() -> None:
        with open_store(tmp_path / "store.sqlite") as store:
            service = IncidentService(
                store, demo_plant, user="anna", console_id=credential.console_id
            )
            link = ConsoleLink(service, site.url, credential, plant_file=tmp_path / "missing.toml")
            try:
                assert await link.check_plant() is None
                assert link.status.plant is None
            finally:
                await link.stop()

    run(scenario())
    assert "missing.toml not compared with the server's" in caplog.text
    bad: object
    for bad in (
        None,
        [],
        {"version": "1", "sha256": "a" * 64},
        {"version": 0, "sha256": "a" * 64},
        {"version": True, "sha256": "a" * 64},
        {"version": 1, "sha256": "z" * 64},
        {"version": 1, "sha256": "a" * 63},
    ):
        with pytest.raises(PlantMetaError):
            parse_meta(bad)
    digests = local_digests(demo_plant_path())
    assert compare(Path("p"), digests, {"version": 3, "sha256": "A" * 64}).differs
    (tmp_path / "latin1.toml").write_bytes(b"# \xe9\n")  # not UTF-8: bytes only, no crash
    assert len(local_digests(tmp_path / "latin1.toml")) == 1


def test_headless_notices_one_line_per_rejection_with_its_reason() -> None:
    first = Rejection("ev-1", 422, "payload.title: too long")
    second = Rejection(None, 403, "user anna has no technician role at site S2")
    before = SyncStatus(online=True, rejections=(first,))
    after = SyncStatus(online=True, rejections=(first, second))
    assert sync_notices(None, before) == [
        "rejected by the server: event ev-1 (422): payload.title: too long"
    ]
    assert sync_notices(before, after) == [
        "rejected by the server: an item (403): user anna has no technician role at site S2"
    ]
    assert sync_notices(after, after) == []
    printed: list[str] = []
    on_status = status_printer(lambda line, **_: printed.append(line))
    on_status(before)
    on_status(after)
    on_status(after)
    assert [line.split("    ", 1)[1] for line in printed] == [
        "sync: online",
        "rejected by the server: event ev-1 (422): payload.title: too long",
        "rejected by the server: an item (403): user anna has no technician role at site S2",
    ]
