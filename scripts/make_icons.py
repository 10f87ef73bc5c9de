"""Draw the application icon (a neutral ISA-101 mark, no saturated colour) as PNG and ICO.

    python scripts/make_icons.py   # writes resources/icons/plantconsole.png and .ico

Run when the design changes; the files are committed, so a build needs no drawing step.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPen

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    m = size * 0.06
    painter.setPen(QPen(QColor("#5A5A5A"), max(1.0, size / 24)))
    painter.setBrush(QColor("#ECECEC"))
    painter.drawRoundedRect(QRectF(m, m, size - 2 * m, size - 2 * m), size * 0.14, size * 0.14)
    # three lines of a plant, one trend stroke: grey, calm
    pen = QPen(QColor("#1E1E1E"), max(1.0, size / 14))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    for i, height in enumerate((0.35, 0.55, 0.45)):
        x = size * (0.3 + 0.2 * i)
        painter.drawLine(QPointF(x, size * 0.78), QPointF(x, size * (0.78 - height)))
    painter.setPen(QPen(QColor("#9E9E9E"), max(1.0, size / 20)))
    painter.drawEllipse(QPointF(size * 0.72, size * 0.28), size * 0.1, size * 0.1)
    painter.end()
    return image


def main() -> int:
    app = QGuiApplication(sys.argv[:1])
    ICONS.mkdir(parents=True, exist_ok=True)
    draw(256).save(str(ICONS / "plantconsole.png"))
    if not draw(256).save(str(ICONS / "plantconsole.ico")):
        print("this Qt has no ICO writer (imageformats/qico)", file=sys.stderr)
        return 1
    del app
    print(f"wrote {ICONS / 'plantconsole.png'} and .ico")
    return 0


if __name__ == "__main__":
    sys.exit(main())
