"""``python -m kzgeo``: the same as the ``kzgeo`` command."""

import sys

from kzgeo.cli.main import main

sys.exit(main())
