"""Qt translations: `update` the .ts sources from the code, `build` the .qm files, `check`.

    python scripts/translations.py update   # pyside6-lupdate: new strings into the .ts
    python scripts/translations.py build    # pyside6-lrelease: .ts -> .qm (the bundle ships these)
    python scripts/translations.py check    # every string in the .ts and translated, .qm current

Translators edit `resources/i18n/plantconsole_de.ts` with Qt Linguist (pyside6-linguist).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "resources" / "i18n"
LANGUAGES = ("de",)
# Every module that shows text: all of widgets/ (a new view is covered without listing
# it), and the app/ modules whose words reach the window (app/ may translate through
# QtCore: ConsoleSession's refusal reasons and status-bar text).
APP_SOURCES = ("app/session.py",)


def sources() -> list[str]:
    """The files lupdate reads, relative to the repository (sorted: a stable .ts)."""
    widgets = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "widgets").rglob("*.py"))
    return [*widgets, *APP_SOURCES]


SOURCES = tuple(sources())


def tool(name: str) -> str:
    """pyside6-lupdate / pyside6-lrelease next to this Python (a venv's bin or Scripts)."""
    here = Path(sys.executable).parent
    for candidate in (here / name, here / f"{name}.exe"):
        if candidate.exists():
            return str(candidate)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: install PySide6-Essentials into this Python")
    return found


def ts_path(lang: str) -> Path:
    return I18N / f"plantconsole_{lang}.ts"


def lupdate(ts: Path, sources: Sequence[str] = SOURCES, cwd: Path = ROOT) -> None:
    """New and changed source strings into `ts`; strings gone from the code are dropped."""
    cmd = [tool("pyside6-lupdate"), "-silent", "-no-obsolete", *sources, "-ts", str(ts)]
    subprocess.run(cmd, cwd=cwd, check=True)


def update() -> None:
    for lang in LANGUAGES:
        lupdate(ts_path(lang))


def build(target: Path = I18N) -> list[Path]:
    built = []
    for lang in LANGUAGES:
        qm = target / f"plantconsole_{lang}.qm"
        cmd = [tool("pyside6-lrelease"), "-silent", str(ts_path(lang)), "-qm", str(qm)]
        subprocess.run(cmd, check=True)
        built.append(qm)
    return built


def messages(ts: Path) -> set[tuple[str, str]]:
    """(context, source) of every live message of a .ts."""
    found = set()
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is not None and translation.get("type") in ("obsolete", "vanished"):
                continue
            found.add((name, message.findtext("source", "")))
    return found


def not_in_ts(lang: str, sources: Sequence[str] = SOURCES, cwd: Path = ROOT) -> list[str]:
    """Translatable strings of the code that the shipped .ts does not have (run `update`)."""
    return missing_from(ts_path(lang), sources, cwd)


def missing_from(ts: Path, sources: Sequence[str] = SOURCES, cwd: Path = ROOT) -> list[str]:
    """'Context: 'text'' for each string lupdate finds in `sources` that `ts` lacks."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / ts.name
        shutil.copyfile(ts, fresh)
        lupdate(fresh, sources, cwd)
        missing = messages(fresh) - messages(ts)
    return [f"{context}: {source!r}" for context, source in sorted(missing)]


def unfinished(lang: str, ts: Path | None = None) -> list[str]:
    """Source texts of the .ts that have no finished translation."""
    missing = []
    for message in ET.parse(ts or ts_path(lang)).getroot().iter("message"):
        translation = message.find("translation")
        kind = translation.get("type", "") if translation is not None else "unfinished"
        if kind in ("obsolete", "vanished"):
            continue
        if translation is None or kind == "unfinished" or not (translation.text or "").strip():
            missing.append(message.findtext("source", ""))
    return missing


# %1..%9, %n, {name} / {} (str.format), and an accelerator: "&File" (not "&&", "& ").
_PLACEHOLDER = re.compile(r"%[0-9n]|\{[A-Za-z_0-9]*\}")
_ACCELERATOR = re.compile(r"&(?![&\s])")


def placeholder_problems(lang: str, ts: Path | None = None) -> list[str]:
    """Translations that lose or add a placeholder, or drop/add an accelerator."""
    problems = []
    for message in ET.parse(ts or ts_path(lang)).getroot().iter("message"):
        translation = message.find("translation")
        if translation is None or translation.get("type") in ("obsolete", "vanished"):
            continue
        source, text = message.findtext("source", ""), translation.text or ""
        if not text.strip():
            continue  # reported as not translated
        if sorted(_PLACEHOLDER.findall(source)) != sorted(_PLACEHOLDER.findall(text)):
            problems.append(f"{lang}: placeholders differ: {source!r} -> {text!r}")
        if bool(_ACCELERATOR.search(source)) != bool(_ACCELERATOR.search(text)):
            problems.append(f"{lang}: accelerator (&) differs: {source!r} -> {text!r}")
    return problems


def check() -> int:
    problems = []
    for lang in LANGUAGES:
        problems += [f"{lang}: not translated: {text!r}" for text in unfinished(lang)]
        problems += placeholder_problems(lang)
        problems += [
            f"{lang}: not in the .ts (run scripts/translations.py update): {text}"
            for text in not_in_ts(lang)
        ]
    with tempfile.TemporaryDirectory() as tmp:
        for fresh in build(Path(tmp)):
            shipped = I18N / fresh.name
            if not shipped.exists() or shipped.read_bytes() != fresh.read_bytes():
                problems.append(f"{shipped.name} is out of date: run scripts/translations.py build")
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["update", "build", "check"])
    action = parser.parse_args().action
    if action == "update":
        update()
    elif action == "build":
        for path in build():
            print(f"built {path.relative_to(ROOT)}")
    else:
        return check()
    return 0


if __name__ == "__main__":
    sys.exit(main())
