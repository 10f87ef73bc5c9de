"""Issue 6, `plantconsole run --headless` against a real server process: a line for each
event the server rejects, with its reason, and a warning naming the server's plant
version when the console's plant file (--config) is not the one uploaded."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from resources import demo_plant_path
from server.process import ServerProcess
from tests.app.sync.test_register_and_run import (
    HeadlessRun,
    create_console,
    file_keyring,  # noqa: F401 (a fixture)
    raise_locally,
    register,
)
from tests.server.site import Site


@pytest.fixture(scope="module")
def viewer_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """A server where the console's user (operator) may only look: its events are refused."""
    db = tmp_path_factory.mktemp("srv") / "server.sqlite"
    process = ServerProcess(f"sqlite:///{db}")
    process.create_admin("root", "root-password")
    with process:
        site = Site(process, "root", "root-password")
        site.add_user("viewer", "*", name="operator")
        yield site


@pytest.mark.usefixtures("file_keyring")
def test_headless_run_prints_rejections_and_a_differing_plant_file(
    viewer_site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = viewer_site
    other = demo_plant_path().read_bytes() + b"\n# the plant as plant IT has it now\n"
    meta = site.admin(
        "PUT", "/v1/plant", content=other, headers={"content-type": "text/plain"}
    ).json()
    code, _, err = register(site, create_console(site), monkeypatch)
    assert code == 0, err
    raise_locally("written by someone who may only look")
    run = HeadlessRun()
    try:
        line = run.wait_for("rejected by the server")
        assert "(403): user 'operator' may not write" in line
        warning = run.wait_for("plant file differs from the server's")
        assert f"{demo_plant_path()} is not the server's version {meta['version']}" in warning
        assert meta["sha256"] in warning
    finally:
        run.stop()
