"""The bundled executable's entry: `PlantConsole` is `plantconsole` (widgets.launcher:main)."""

import sys

from widgets.launcher import main

if __name__ == "__main__":
    sys.exit(main())
