"""Does this console's plant file match the one the server holds (issue 6)?

The server keeps the plant file versioned (`GET /v1/plant/meta`: version and SHA-256 of
the text as uploaded). After connecting, a console compares the SHA-256 of its own file's
bytes and warns when they differ: its machines, lines and costs may not be the ones the
other consoles see. A file that differs only by a UTF-8 BOM or CRLF line ends (a copy
made on Windows) counts as the same. No plant uploaded yet (404) is not a warning.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from app.sync.api import ServerApi
from app.sync.errors import ServerUnavailable
from app.sync.status import PlantCheck

META_PATH = "/v1/plant/meta"
MAX_PLANT_BYTES = 64 * 1024 * 1024  # far beyond any plant file the loader accepts


class PlantMetaError(ValueError):
    """The server's answer about its plant file is not what this console understands."""


def local_digests(path: Path) -> frozenset[str]:
    """SHA-256 of the file's bytes, and of its text without BOM and with LF line ends
    (OSError when it cannot be read). Blocking: call it off the window's thread."""
    with path.open("rb") as file:
        data = file.read(MAX_PLANT_BYTES + 1)
    if len(data) > MAX_PLANT_BYTES:
        raise OSError(f"{path} is larger than {MAX_PLANT_BYTES} bytes")
    digests = {hashlib.sha256(data).hexdigest()}
    try:
        text = data.decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError:
        return frozenset(digests)
    digests.add(hashlib.sha256(text.encode("utf-8")).hexdigest())
    return frozenset(digests)


def parse_meta(data: Any) -> tuple[int, str, str]:
    """(version, sha256, uploaded_by) of a `/v1/plant/meta` answer, or PlantMetaError."""
    if not isinstance(data, Mapping):
        raise PlantMetaError(f"expected an object, found {type(data).__name__}")
    version, sha256 = data.get("version"), data.get("sha256")
    if type(version) is not int or version < 1:
        raise PlantMetaError(f"version {version!r} is not a positive integer")
    if not isinstance(sha256, str) or len(sha256) != 64:
        raise PlantMetaError(f"sha256 {sha256!r} is not a SHA-256 hex digest")
    try:
        int(sha256, 16)
    except ValueError:
        raise PlantMetaError(f"sha256 {sha256!r} is not a SHA-256 hex digest") from None
    by = data.get("uploaded_by")
    return version, sha256.lower(), by if isinstance(by, str) else ""


async def fetch_meta(api: ServerApi) -> Any | None:
    """The server's plant meta (JSON), None when no plant file was uploaded yet."""
    try:
        response = await api.get(META_PATH)
    except ServerUnavailable as exc:
        if str(exc).startswith("server refused: 404"):  # `api._check`'s words for a 4xx
            return None
        raise
    try:
        return response.json()
    except ValueError as exc:
        raise PlantMetaError(f"not JSON: {exc}") from None


def compare(local_file: Path, digests: frozenset[str], meta: Any | None) -> PlantCheck:
    """The check's outcome from the local digests and the server's meta (None: none)."""
    if meta is None:
        return PlantCheck(str(local_file))
    version, sha256, by = parse_meta(meta)
    return PlantCheck(str(local_file), version, sha256, by, same=sha256 in digests)


def plant_check_text(check: PlantCheck | None) -> str:
    """The headless line about the plant file ('' when there is nothing to say)."""
    if check is None:
        return ""
    if check.server_version is None:
        return "plant: no plant file on the server yet (nothing to compare)"
    if check.same:
        return f"plant: {check.local_file} is the server's version {check.server_version}"
    by = f", uploaded by {check.uploaded_by}" if check.uploaded_by else ""
    return (
        f"warning: plant file differs from the server's: {check.local_file} is not the "
        f"server's version {check.server_version} (SHA-256 {check.server_sha256}{by}); "
        "machines, lines and costs may not match the other consoles - ask plant IT for the "
        "current plant file"
    )
