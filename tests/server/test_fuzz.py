"""API fuzzing from the OpenAPI schema (schemathesis): no request makes the server fail
with a 5xx. Bounded: a few hundred examples in all, against a real server process."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.process import ServerProcess
from tests.server.site import Site

SKIP = {("GET", "/v1/stream"), ("POST", "/v1/logout")}  # endless stream; would revoke the token
EXAMPLES_PER_OPERATION = 25
BUDGET_S = 60.0


@pytest.fixture(scope="module")
def sqlite_site() -> Iterator[Site]:
    """Fuzzed once, on SQLite: the API layer is the same on PostgreSQL."""
    process = ServerProcess()
    process.create_admin("root", "root-password")
    with process:
        yield Site(process, "root", "root-password")


def test_no_request_from_the_schema_makes_a_5xx(sqlite_site: Site) -> None:
    site = sqlite_site
    console = site.add_console("FUZZ-CONSOLE")
    token = site.login(
        "root", "root-password", console_id=console.console_id, console_secret=console.secret
    )
    headers = {"authorization": f"Bearer {token}"}
    schema = schemathesis.openapi.from_url(f"{site.url}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    operations = [op for op in operations if (op.method.upper(), op.path) not in SKIP]
    assert len(operations) >= 12
    failures: list[str] = []
    calls = 0
    start = time.monotonic()
    for operation in operations:

        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(), bearer=st.booleans())
        def probe(case: schemathesis.Case, bearer: bool) -> None:
            nonlocal calls
            calls += 1
            response = case.call(base_url=site.url, headers=headers if bearer else {}, timeout=30)
            if response.status_code >= 500:
                failures.append(
                    f"{case.method} {case.formatted_path} -> {response.status_code}: {case.body!r}"[
                        :500
                    ]
                )

        probe()
        assert time.monotonic() - start < BUDGET_S * 2
    assert not failures, failures[:5]
    assert calls >= 200
