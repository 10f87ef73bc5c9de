"""The diagnostics benchmark runs and reports its figures (timing is not asserted)."""

from __future__ import annotations

from bench.bench_diagnostics import ping_many
from tests.drivers.conftest import run


def test_concurrent_pings_report_figures() -> None:
    figures = run(ping_many(6, 0.5))
    assert figures["devices"] == 6
    assert figures["verdicts"] == {"ok": 3, "protocol_silent": 3}
    assert figures["wall_s"] > 0 and "met" in figures


def test_browse_figures_cover_a_wide_level_and_the_tab_session() -> None:
    from bench.bench_diagnostics import browse_big

    figures = run(browse_big(500), timeout=110)
    assert (figures["wide_children"], figures["unit_children"]) == (100, 4)
    assert figures["objects_children"] >= 2  # Server, Plant, ...
    assert all(figures[k] > 0 for k in ("wide_s", "tab_objects_s", "tab_wide_s", "tab_unit_s"))
