"""A cache of validated plant files, so a restart skips TOML parsing and validation.

Reading, validating and cross-checking a 10,000-CI plant file costs 0.7-1.1 s of a
start-up that should take under 2 s (issue 4), and a console restarts with the same
file almost every time. So after a load the validated `PlantFile` is kept in the
user's cache folder and a later start with the same file builds the plant from it
(a quarter of the time).

An entry is used only when everything it was made from still holds: the plant file's
resolved path, size, mtime and SHA-256 of its content (read in full each time, so an
edit that keeps size and mtime is still seen), the format and application version,
the source of the schema, checks and builder (a changed field or check is never met by
an entry written before it), and the Python and pydantic versions. The payload is a
pickle written only by this module; before it is unpickled its SHA-256 must match the
one in the entry's header, so a truncated or damaged file is thrown away, never
half-loaded. The folder is the user's own (0700, files 0600), and on POSIX an entry or
folder that anyone else owns or can write is never unpickled (PLANTCONSOLE_HOME may
point at a shared folder). Any problem with the cache means a normal load, never an
error.

Writing an entry (pickling, 0.2 s) is left to `store_pending`, which the caller runs
off the GUI thread once the window is up, so the first start does not pay for it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import pickle
import sys
import tempfile
import threading
import time
from pathlib import Path
from stat import S_ISREG
from typing import Any

import pydantic

from models.cmdb import Plant
from models.gc_pause import cyclic_gc_paused
from models.plant_loader import MAX_FILE_BYTES, build_plant, load_plant, parse_plant
from models.plant_schema import PlantFile

log = logging.getLogger(__name__)
FORMAT = 1
MAGIC = b"PLANTCONSOLE-PLANT-CACHE\n"
MAX_HEADER_BYTES = 4096
UNUSED_DAYS = 30


class PlantCache:
    """Validated plant files under `folder`; `version` is the application's version."""

    def __init__(self, folder: Path, version: str) -> None:
        self.folder = folder
        self.version = version
        self.hits = 0
        self.misses = 0
        self._pending: tuple[Path, dict[str, Any], PlantFile] | None = None
        self._lock = threading.Lock()

    def load(self, path: Path, max_bytes: int = MAX_FILE_BYTES) -> Plant:
        """The plant of `path`, from the cache when it is current, else loaded and checked
        (raises `PlantFileError` like `load_plant`). A miss leaves an entry to store."""
        try:
            resolved = path.resolve()
            stat = resolved.stat()
            if stat.st_size > max_bytes or not S_ISREG(stat.st_mode):
                return load_plant(path, max_bytes)  # the loader's own message (a FIFO...)
            data = resolved.read_bytes()
        except OSError:
            return load_plant(path, max_bytes)  # the loader reports it
        key = self._key(resolved, stat.st_size, stat.st_mtime_ns, data)
        entry = self._entry(resolved)
        source = self._read(entry, key)
        if source is not None:
            self.hits += 1
            log.info("plant %s: its validated copy from %s", path, entry)
            with contextlib.suppress(OSError):
                os.utime(entry)  # in use: kept by `_forget_unused`
            with cyclic_gc_paused():
                return build_plant(source)
        self.misses += 1
        plant = parse_plant(data, str(path))
        with self._lock:
            self._pending = (entry, key, plant.source)
        return plant

    def store_pending(self) -> bool:
        """Write the entry the last miss left (blocking: call it off the GUI thread)."""
        with self._lock:
            pending, self._pending = self._pending, None
        if pending is None:
            return False
        entry, key, source = pending
        try:
            payload = pickle.dumps(source, protocol=pickle.HIGHEST_PROTOCOL)
            header = {**key, "payload_sha256": hashlib.sha256(payload).hexdigest()}
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            handle, tmp = tempfile.mkstemp(dir=self.folder, prefix=".plant-", suffix=".tmp")
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(MAGIC + json.dumps(header).encode() + b"\n" + payload)
                os.chmod(tmp, 0o600)
                os.replace(tmp, entry)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
        except (OSError, pickle.PicklingError, TypeError) as exc:
            log.warning("plant cache not written (%s): %s", entry, exc)
            return False
        self._forget_unused(keep=entry)
        return True

    def _forget_unused(self, keep: Path) -> None:
        """Entries of plant files not started for `UNUSED_DAYS` go (a hit touches its
        entry), so plant files tried once do not fill the user's disk (~3 MB each at
        10,000 CIs)."""
        cutoff = time.time() - UNUSED_DAYS * 86400
        for old in self.folder.glob("plant-*.cache"):
            with contextlib.suppress(OSError):
                if old != keep and old.stat().st_mtime < cutoff:
                    old.unlink()

    # -- internals ---------------------------------------------------------------------

    def _key(self, resolved: Path, size: int, mtime_ns: int, data: bytes) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": self.version,
            "python": sys.version,
            "pydantic": pydantic.VERSION,
            "code": _code_fingerprint(),
            "path": str(resolved),
            "size": size,
            "mtime_ns": mtime_ns,
            "sha256": hashlib.sha256(data).hexdigest(),
        }

    def _entry(self, resolved: Path) -> Path:
        name = hashlib.sha256(str(resolved).encode("utf-8", "surrogatepass")).hexdigest()[:32]
        return self.folder / f"plant-{name}.cache"

    def _read(self, entry: Path, key: dict[str, Any]) -> PlantFile | None:
        if not _only_ours(entry):
            return None
        try:
            blob = entry.read_bytes()
        except OSError:
            return None
        if not blob.startswith(MAGIC):
            return None
        end = blob.find(b"\n", len(MAGIC), len(MAGIC) + MAX_HEADER_BYTES)
        if end < 0:
            return None
        try:
            header = json.loads(blob[len(MAGIC) : end])
        except ValueError:
            return None
        if not isinstance(header, dict):
            return None
        digest = header.pop("payload_sha256", None)
        if header != key:
            return None  # another file, an edit, another version: load it anew
        payload = memoryview(blob)[end + 1 :]
        if digest != hashlib.sha256(payload).hexdigest():
            log.warning("plant cache %s is damaged; loading the plant file", entry)
            return None
        try:
            with cyclic_gc_paused():
                source: object = pickle.loads(payload)
        except Exception as exc:  # a class changed shape: the file is the truth
            log.warning("plant cache %s unusable (%s); loading the plant file", entry, exc)
            return None
        return source if isinstance(source, PlantFile) else None


# What a validated plant depends on: its classes' fields, the checks and the building.
_CODE_MODULES = (
    "models.plant_schema",
    "models.plant_check",
    "models.plant_loader",
    "models.cmdb",
    "models.states",
    __name__,
)


def _code_fingerprint() -> str:
    """SHA-256 over the source of `_CODE_MODULES` where it can be read (a source tree: a
    changed schema or check must not meet an entry written before it; a bundle has no
    sources and relies on the version)."""
    digest = hashlib.sha256()
    for name in _CODE_MODULES:
        module = sys.modules.get(name)
        file = getattr(module, "__file__", None)
        if file:
            with contextlib.suppress(OSError):
                digest.update(Path(file).read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def _only_ours(entry: Path) -> bool:
    """On POSIX: the entry and its folder belong to this user and nobody else can write
    them. A pickle is code: PLANTCONSOLE_HOME may point at a shared folder (a portable
    install), and an entry someone else could have written is never unpickled."""
    getuid = getattr(os, "getuid", None)
    if getuid is None:  # Windows: the per-user profile folder's ACLs are the guard
        return True
    uid = getuid()
    try:
        for path in (entry.parent, entry):
            st = path.stat()
            if st.st_uid != uid or st.st_mode & 0o022:
                log.warning("plant cache %s not used: not owned by this user only", path)
                return False
    except OSError:
        return False
    return True
