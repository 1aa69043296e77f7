"""``python -m trialstats``: the same command line as ``trialstats``."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
