"""`python -m contract_tests run|serve ...`: the `listapi-contracts` command, also in a clone's venv."""

import sys

from contract_tests.runner.cli import main

sys.exit(main())
