"""``python -m trialstats``: the same command line as ``trialstats``."""

import sys

from .cli import main

sys.exit(main())
