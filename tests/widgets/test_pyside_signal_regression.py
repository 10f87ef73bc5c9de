"""FIELD-NOTES: PySide6 6.12.0 on CPython 3.11 drops a reference to True per emit and dies.

The dependency pins keep them apart; this test proves the installed pair survives
50,000 emits (in a subprocess, so a crash fails the test instead of the run).
"""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = """
import sys
from PySide6.QtCore import QCoreApplication, QObject, Signal
app = QCoreApplication(sys.argv)
class O(QObject):
    sig = Signal(int)
o = O()
seen = []
o.sig.connect(seen.append)
for k in range(50_000):
    o.sig.emit(k)
assert len(seen) == 50_000
print("ok")
"""


def test_fifty_thousand_emits_do_not_crash() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120, env=env
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "ok"
