"""Talk to a running simulator's control API (used by the CLI and by tests)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import httpx

DEFAULT_CONTROL_URL = "http://127.0.0.1:47800"


class ControlUnavailable(ConnectionError):
    """No simulator control API answers at the URL."""


class ControlRefused(ValueError):
    """The simulator refused the request; the message is its reason."""


def normalize_url(url: str) -> str:
    """'127.0.0.1:47800' or 'http://127.0.0.1:47800/' -> 'http://127.0.0.1:47800'."""
    url = url.strip().rstrip("/")
    return url if "://" in url else f"http://{url}"


class ControlClient:
    """Blocking client for the control API; every call is bounded by `timeout`."""

    def __init__(self, url: str = DEFAULT_CONTROL_URL, timeout: float = 10.0) -> None:
        self.url = normalize_url(url)
        self._timeout = timeout

    def health(self) -> dict[str, Any]:
        return dict(self._call("GET", "/health"))

    def devices(self) -> list[dict[str, Any]]:
        return list(self._call("GET", "/devices"))

    def inject(self, ci: str, kind: str, value: str | None = None) -> dict[str, Any]:
        return dict(self._call("POST", "/faults", {"ci": ci, "kind": kind, "value": value}))

    def restore(self, ci: str | None = None) -> list[str]:
        path = "/faults" if ci is None else f"/faults/{quote(ci, safe='')}"
        return list(self._call("DELETE", path)["restored"])

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        try:
            response = httpx.request(method, self.url + path, json=body, timeout=self._timeout)
        except httpx.TransportError as exc:
            raise ControlUnavailable(
                f"no simulator control API at {self.url} ({exc.__class__.__name__}): "
                "is `plantconsole-sim serve` running, with this --control address?"
            ) from None
        if response.status_code >= 400:
            raise ControlRefused(_reason(response))
        return response.json()


def _reason(response: httpx.Response) -> str:
    try:
        detail = response.json().get("detail")
    except ValueError:
        return f"HTTP {response.status_code}: {response.text[:200]}"
    if isinstance(detail, list):  # FastAPI's validation errors
        parts = [f"{'.'.join(str(p) for p in d.get('loc', []))}: {d.get('msg')}" for d in detail]
        return "invalid request: " + "; ".join(parts)
    return str(detail)
