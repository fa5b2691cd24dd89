"""python -m reference_provider --port N [--host H] [--variant NAME] [--list-variants]"""

import sys

from .cli import main

sys.exit(main())
