"""The one error the store raises, phrased for the person who picked the file."""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """The store cannot be opened or used; the message names the file and why."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(message)
        self.path = path


def damaged(path: Path, detail: str) -> StoreError:
    return StoreError(
        path,
        f"{path} is not a PlantConsole database or is damaged; it was left untouched "
        f"for recovery ({detail})",
    )


def unwritable(path: Path, reason: str) -> StoreError:
    return StoreError(path, f"cannot open the PlantConsole database {path} for writing: {reason}")
