"""`python -m simulator ...` is `plantconsole-sim ...`."""

import sys

from simulator.cli import main

sys.exit(main())
