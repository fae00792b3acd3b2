"""``python -m smrisk``: the same as the ``smrisk`` command."""

import sys

from smrisk.cli import main

sys.exit(main())
