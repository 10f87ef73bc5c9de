"""Rotating log files in the per-user log folder, with secrets masked before they are written.

`configure()` is called once at start by the GUI launcher: a file `plantconsole.log`
(1 MB, five old files kept) in `app.paths.log_dir()` plus stderr. Every handler it
installs carries `SecretMaskingFilter`, which rewrites password-like values
(`password=...`, `"token": "..."`, `https://user:pass@host`) and any value
registered with `register_secret` as `***` — so a secret never reaches a file.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
import sys
import threading
from pathlib import Path

from app.paths import log_dir

LOG_NAME = "plantconsole.log"
MAX_BYTES = 1_000_000
BACKUPS = 5
MASK = "***"
FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"

_KEYS = r"(?:password|passwd|pwd|secret|token|api[_-]?key|authorization|credential)"
_PATTERNS = [
    # Authorization: Bearer xyz (before the key pattern, which would stop at "Bearer")
    re.compile(r"(?i)(?P<key>\b(?:bearer|basic)\s+)(?P<q>)(?P<value>[A-Za-z0-9._~+/=-]{6,})"),
    # key=value, key: value, "key": "value"; not *_ref / *_refs, which name a keyring entry
    re.compile(
        rf"(?i)(?P<key>[\"']?\w*{_KEYS}(?!\w*_refs?\b)\w*[\"']?\s*[:=]\s*)"
        r"(?P<q>[\"']?)(?P<value>(?![{\[])[^\s\"',;&}]+)"
    ),
    # scheme://user:password@host
    re.compile(r"(?P<key>[a-z][a-z0-9+.-]*://[^:/@\s]+:)(?P<q>)(?P<value>[^@\s]+)(?=@)", re.I),
]
_known: set[str] = set()
_known_lock = threading.Lock()


def register_secret(value: str) -> None:
    """Mask this exact value wherever it would be logged (e.g. a password just typed)."""
    if len(value) >= 3:
        with _known_lock:
            _known.add(value)


def mask(text: str) -> str:
    """`text` with every password-like value and every registered secret replaced."""
    with _known_lock:
        known = sorted(_known, key=len, reverse=True)
    for value in known:
        text = text.replace(value, MASK)
    for pattern in _PATTERNS:
        text = pattern.sub(lambda m: f"{m['key']}{m['q']}{MASK}", text)
    return text


class SecretMaskingFilter(logging.Filter):
    """Rewrites a record's message and traceback text with `mask` (never drops a record)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: log what we have
            message = str(record.msg)
        record.msg, record.args = mask(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask(record.exc_text)
            record.exc_info = None  # the masked text is what gets printed
        if record.stack_info:
            record.stack_info = mask(record.stack_info)
        return True


def log_file() -> Path:
    return log_dir() / LOG_NAME


def configure(verbose: bool = False, *, stderr: bool = True) -> Path:
    """Root logger -> rotating file (+ stderr), both masked; returns the log file's path.

    Safe to call twice (tests, a second window): earlier handlers from here are replaced.
    """
    path = log_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "_plantconsole", False)]:
        root.removeHandler(handler)
        handler.close()
    masking = SecretMaskingFilter()
    file_handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True
    )
    file_handler.setFormatter(logging.Formatter(FORMAT))
    handlers: list[logging.Handler] = [file_handler]
    if stderr and sys.stderr is not None:  # a windowed exe on Windows has no stderr
        console = logging.StreamHandler()
        console.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        console.setLevel(logging.DEBUG if verbose else logging.WARNING)
        handlers.append(console)
    for handler in handlers:
        handler.addFilter(masking)
        handler._plantconsole = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    for noisy in ("asyncua", "pymodbus"):
        logging.getLogger(noisy).setLevel(logging.DEBUG if verbose else logging.WARNING)
    logging.captureWarnings(True)
    return path


def log_files() -> list[Path]:
    """The current log file and its rotated predecessors, newest first."""
    folder = log_dir()
    if not folder.is_dir():
        return []
    return sorted(folder.glob(LOG_NAME + "*"), key=lambda p: p.stat().st_mtime, reverse=True)
