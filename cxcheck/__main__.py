"""Allow ``python -m cxcheck`` to behave exactly like the ``cxcheck`` script."""

from cxcheck.cli import main

main()
