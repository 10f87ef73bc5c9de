"""The Browse tab against real servers, on a qasync loop: a wide and deep address space
(5,000 nodes, one level of 1,000) pages through continuation points, deeper levels are
browsed only on expand, all of it over one session audited once; a stopped server's
failing first level is shown, not an empty tree."""

from __future__ import annotations

import asyncio
from typing import Any

import qasync
from PySide6.QtCore import QModelIndex

from app.diagnostics.audit import MemorySink
from app.diagnostics.browse_session import BrowseSession
from app.diagnostics.core import DiagnosticsCore, Settings
from app.diagnostics.service import DiagnosticsService
from tests.app.diagnostics.test_service_qt import until
from tests.app.diagnostics.wide_server import TAGS, UNITS, paging, start_wide
from tests.drivers.conftest import RecordingProxy, free_port, opcua_requests
from tests.drivers.opcua_peer import start_peer
from widgets.diagnostics.browse_model import BrowseTreeModel, Column
from widgets.diagnostics.browse_panel import BrowsePanel

PAGE = 100


def row_named(model: BrowseTreeModel, name: str, parent: QModelIndex) -> QModelIndex:
    for row in range(model.rowCount(parent)):
        index = model.index(row, Column.NAME, parent)
        if index.data() == name:
            return index
    raise AssertionError(f"no row {name!r} below {parent.data()!r}")


def test_a_wide_level_pages_and_deeper_levels_load_on_expand_over_one_session(
    qapp: Any,
) -> None:
    async def scenario() -> None:
        with paging(PAGE):
            port = free_port()
            server = await start_wide(port)
            proxy = await RecordingProxy(port).start()
            url = f"opc.tcp://127.0.0.1:{proxy.port}/wide/"
            audit = MemorySink()
            settings = Settings(request_timeout_s=10, run_timeout_s=60)
            service = DiagnosticsService(DiagnosticsCore(audit=audit, settings=settings))
            model = BrowseTreeModel(
                lambda node, deliver: service.fetch_children(url, node, deliver)
            )

            def sent(name: str) -> int:
                return opcua_requests(bytes(proxy.sent)).count(name)

            try:
                model.set_root("i=85")
                model.fetchMore(QModelIndex())
                await until(lambda: model.root_state != "loading", 30)
                assert model.root_state == "loaded", model.root_error
                assert (sent("Browse"), sent("BrowseNext")) == (1, 0)
                plant = row_named(model, "Plant", QModelIndex())
                assert model.rowCount(plant) == 0 and model.canFetchMore(plant)

                model.fetchMore(plant)  # expand: 1,000 children in pages of 100
                await until(lambda: model.rowCount(plant) or model.error_of(plant), 60)
                assert model.rowCount(plant) == UNITS, model.error_of(plant)
                assert (sent("Browse"), sent("BrowseNext")) == (2, UNITS // PAGE - 1)
                names = [model.index(r, 0, plant).data() for r in (0, UNITS - 1)]
                assert names == ["U000", f"U{UNITS - 1:03d}"]
                assert model.hasChildren(model.index(0, 0, plant))  # known, not fetched

                units = [model.index(r, 0, plant) for r in range(5)]
                for unit in units:
                    model.fetchMore(unit)
                await until(lambda: all(model.rowCount(u) == TAGS for u in units), 30)
                assert sent("Browse") == 2 + 5  # only the expanded units were browsed
                value = model.index(0, Column.VALUE, units[0]).data()
                assert value == "1.5"
                # one session for the whole tab: not one per expand
                assert sent("CreateSession") == 1 and sent("CloseSession") == 0
                assert audit.records == []  # audited when the session ends
                await service.close_browse()
                assert sent("CloseSession") == 1
                (record,) = audit.records
                assert record.kind == "browse" and record.outcome == "ok"
                assert record.data["options"]["expands"] == 7
                assert record.data["options"]["sessions_opened"] == 1
            finally:
                await service.shutdown()
                await proxy.stop()
                await server.stop()

    qasync.run(scenario())


def test_the_browse_session_closes_when_idle_and_a_new_one_opens_on_use(qapp: Any) -> None:
    async def scenario() -> None:
        peer = await start_peer(free_port())
        proxy = await RecordingProxy(peer.port).start()
        url = f"opc.tcp://127.0.0.1:{proxy.port}/plc/"
        audit = MemorySink()
        service = DiagnosticsService(DiagnosticsCore(audit=audit), browse_idle_s=0.3)
        got: list[Any] = []
        try:
            service.fetch_children(url, "i=85", got.append)
            await until(lambda: len(audit.records) == 1)  # idle: closed and audited
            assert opcua_requests(bytes(proxy.sent)).count("CloseSession") == 1
            service.fetch_children(url, "i=85", got.append)
            await until(lambda: len(got) == 2)
            assert opcua_requests(bytes(proxy.sent)).count("CreateSession") == 2
            assert all(not isinstance(g, str) for g in got), got
        finally:
            await service.shutdown()
            await proxy.stop()
            await peer.stop()
        assert len(audit.records) == 2

    qasync.run(scenario())


def test_a_stopped_server_is_said_in_the_browse_tab(qapp: Any, qtbot: Any) -> None:
    async def scenario() -> None:
        peer = await start_peer(free_port())
        await peer.stop()
        audit = MemorySink()
        service = DiagnosticsService(DiagnosticsCore(audit=audit))
        panel = BrowsePanel(service)
        qtbot.addWidget(panel)
        try:
            panel.browse(peer.url)
            await until(lambda: panel.model.root_state == "error", 30)
            assert panel.model.rowCount() == 0
            text = panel.status.text()
            assert text.startswith("Browse failed: ") and "refused" in text, text
            assert not panel.status.isHidden()
        finally:
            await service.shutdown()
        (record,) = audit.records
        assert record.outcome == "problem" and "refused" in record.summary

    qasync.run(scenario())


def test_a_browse_session_closed_while_it_opens_is_not_kept(qapp: Any) -> None:
    """The tab's CI changes (or the console quits) while the session to a PLC is still
    being made: once made it is closed at once, not held until the process ends."""

    async def scenario() -> None:
        peer = await start_peer(free_port())
        proxy = await RecordingProxy(peer.port).start()
        session = BrowseSession(
            DiagnosticsCore(audit=MemorySink()), f"opc.tcp://127.0.0.1:{proxy.port}/plc/"
        )

        def sent(name: str) -> int:
            return opcua_requests(bytes(proxy.sent)).count(name)

        try:
            request = asyncio.ensure_future(session.children("i=85"))
            await asyncio.sleep(0)  # the request is opening its session now
            await session.close()
            assert sent("ActivateSession") == 0, "the session was made before the close"
            answer = await request
            assert answer == "the browse session was closed"
            await until(lambda: sent("CloseSession") == sent("CreateSession"), 30)
            assert session._access is None
        finally:
            await proxy.stop()
            await peer.stop()

    qasync.run(scenario())
