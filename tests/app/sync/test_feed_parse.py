"""A feed page is parsed, and a pulled batch waits to be applied, without cyclic
collection meanwhile; the collector is left as it was found (on in a headless console,
off under the window's GUI-thread collector)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from app.sync.api import _parse_page
from app.sync.client import _CyclicGcPause

PAGE = b'{"events":[{"seq":1,"flags":[],"event":{"id":"x"}}],"cursor":1,"head":1,"more":false}'


@pytest.fixture
def collector_state() -> Iterator[None]:
    was = gc.isenabled()
    yield
    (gc.enable if was else gc.disable)()


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_paused_for_the_parse_only(collector_state: None, enabled: bool) -> None:
    (gc.enable if enabled else gc.disable)()
    seen: list[bool] = []

    class Probe(bytes):  # json.loads reads it while the collector should be off
        def decode(self, encoding: str = "utf-8", errors: str = "strict") -> str:
            seen.append(gc.isenabled())
            return super().decode(encoding, errors)

    assert _parse_page(Probe(PAGE))["cursor"] == 1
    assert seen == [False] and gc.isenabled() is enabled
    with pytest.raises(ValueError):
        _parse_page(b"{not json")
    assert gc.isenabled() is enabled


@pytest.mark.parametrize("enabled", [True, False])
def test_the_pull_pause_holds_across_pages_and_restores_once(
    collector_state: None, enabled: bool
) -> None:
    (gc.enable if enabled else gc.disable)()
    pause = _CyclicGcPause()
    pause.hold()
    pause.hold()  # the next page of the same batch: still paused, same state to restore
    assert not gc.isenabled()
    pause.release()
    assert gc.isenabled() is enabled
    pause.release()  # again (the pull's finally): nothing changes
    assert gc.isenabled() is enabled
