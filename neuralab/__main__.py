"""``python -m neuralab`` is the ``neuralab`` command."""
import sys

from .cli import main

sys.exit(main())
