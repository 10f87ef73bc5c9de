"""The diagnostics benchmark runs and reports its figures (timing is not asserted)."""

from __future__ import annotations

from bench.bench_diagnostics import ping_many
from tests.drivers.conftest import run


def test_concurrent_pings_report_figures() -> None:
    figures = run(ping_many(6, 0.5))
    assert figures["devices"] == 6
    assert figures["verdicts"] == {"ok": 3, "protocol_silent": 3}
    assert figures["wall_s"] > 0 and "met" in figures
