"""Qt translations: `update` the .ts sources from the code, `build` the .qm files, `check`.

    python scripts/translations.py update   # pyside6-lupdate: new strings into the .ts
    python scripts/translations.py build    # pyside6-lrelease: .ts -> .qm (the bundle ships these)
    python scripts/translations.py check    # every German string translated, .qm up to date

Translators edit `resources/i18n/plantconsole_de.ts` with Qt Linguist (pyside6-linguist).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "resources" / "i18n"
LANGUAGES = ("de",)
SOURCES = (
    "widgets/main_window.py",
    "widgets/welcome_page.py",
    "widgets/settings_dialog.py",
    "widgets/progress_task.py",
    "widgets/crash.py",
    "widgets/launcher.py",
    "widgets/details_panel.py",
    "widgets/details_text.py",
    "widgets/ci_actions.py",
    "widgets/header_bar.py",
    "widgets/topology/view.py",
)


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


def update() -> None:
    for lang in LANGUAGES:
        cmd = [tool("pyside6-lupdate"), *SOURCES, "-ts", str(ts_path(lang))]
        subprocess.run(cmd, cwd=ROOT, check=True)


def build(target: Path = I18N) -> list[Path]:
    built = []
    for lang in LANGUAGES:
        qm = target / f"plantconsole_{lang}.qm"
        cmd = [tool("pyside6-lrelease"), "-silent", str(ts_path(lang)), "-qm", str(qm)]
        subprocess.run(cmd, check=True)
        built.append(qm)
    return built


def unfinished(lang: str) -> list[str]:
    """Source texts of the .ts that have no finished translation."""
    missing = []
    for message in ET.parse(ts_path(lang)).getroot().iter("message"):
        translation = message.find("translation")
        kind = translation.get("type", "") if translation is not None else "unfinished"
        if kind in ("obsolete", "vanished"):
            continue
        if translation is None or kind == "unfinished" or not (translation.text or "").strip():
            missing.append(message.findtext("source", ""))
    return missing


def check() -> int:
    problems = []
    for lang in LANGUAGES:
        problems += [f"{lang}: not translated: {text!r}" for text in unfinished(lang)]
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
