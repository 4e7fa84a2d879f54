"""``python -m ru_govdigest``: the ``govdigest`` command."""
import sys

from .cli import main

sys.exit(main())
