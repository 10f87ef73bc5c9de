"""Line numbers for TOML keys, so that a validation error can name the line.

`tomllib` gives values but no positions. This scans the text once and records
the line of every table header and key, addressed by the same path pydantic
uses in its errors: ("ci", 4, "opcua", "endpoint") is the fifth `[[ci]]`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(
    r"""^\s*((?:"[^"]*"|'[^']*'|[A-Za-z0-9_\-]+)(?:\s*\.\s*(?:"[^"]*"|'[^']*'|[A-Za-z0-9_\-]+))*)\s*="""
)

Path = tuple[str | int, ...]


def _split_dotted(text: str) -> list[str]:
    parts = re.findall(r'"[^"]*"|\'[^\']*\'|[A-Za-z0-9_\-]+', text)
    return [p.strip("\"'") for p in parts]


def _bracket_balance(text: str) -> int:
    """Open minus closed square brackets outside strings and comments (roughly)."""
    text = re.sub(r'"(?:[^"\\]|\\.)*"|\'[^\']*\'', "", text).split("#", 1)[0]
    return text.count("[") - text.count("]")


class TomlLocator:
    """Maps key paths to 1-based line numbers of one TOML text."""

    def __init__(self, text: str) -> None:
        self._lines: dict[Path, int] = {}
        self._array_counts: dict[tuple[str, ...], int] = {}
        self._scan(text)

    def _scan(self, text: str) -> None:
        current: Path = ()
        in_multiline: str | None = None
        array: Path | None = None  # key path of a multi-line array being read
        depth = 0
        element = 0
        for number, line in enumerate(text.splitlines(), start=1):
            if in_multiline is not None:
                if line.count(in_multiline) % 2 == 1:
                    in_multiline = None
                continue
            if array is not None:
                if (depth == 1 and line.lstrip().startswith(("{", "[", '"', "'"))) or (
                    depth == 1 and re.match(r"^\s*[-+0-9]", line)
                ):
                    self._lines.setdefault((*array, element), number)
                    element += 1
                depth += _bracket_balance(line)
                if depth <= 0:
                    array = None
                continue
            header = _HEADER.match(line)
            if header:
                current = self._enter(header.group(1) == "[[", _split_dotted(header.group(2)))
                self._lines.setdefault(current, number)
                continue
            key = _KEY.match(line)
            if key:
                path = current + tuple(_split_dotted(key.group(1)))
                self._lines.setdefault(path, number)
                rest = line[key.end() :]
                for quote in ('"""', "'''"):
                    if rest.count(quote) % 2 == 1:
                        in_multiline = quote
                balance = _bracket_balance(rest)
                if rest.lstrip().startswith("[") and balance > 0:
                    array, depth, element = path, balance, 0

    def _enter(self, is_array: bool, names: list[str]) -> Path:
        """The path of a `[a.b]` or `[[a.b]]` header, with array indices filled in."""
        path: list[str | int] = []
        for depth, name in enumerate(names):
            path.append(name)
            key = tuple(str(p) for p in path)
            last = depth == len(names) - 1
            if last and is_array:
                index = self._array_counts.get(key, -1) + 1
                self._array_counts[key] = index
                path.append(index)
            elif key in self._array_counts:
                # `[ci.opcua]` after `[[ci]]` refers to the latest ci element.
                path.append(self._array_counts[key])
        return tuple(path)

    def line_of(self, path: Sequence[str | int]) -> int | None:
        """The line of the longest prefix of `path` that the text defines."""
        probe = tuple(path)
        while probe:
            if probe in self._lines:
                return self._lines[probe]
            probe = probe[:-1]
        return None


class LazyLocator:
    """A TomlLocator built on the first question: a clean file never pays for the scan."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._locator: TomlLocator | None = None

    def line_of(self, path: Sequence[str | int]) -> int | None:
        if self._locator is None:
            self._locator = TomlLocator(self._text)
        return self._locator.line_of(path)
