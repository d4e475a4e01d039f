"""Entry point for ``python -m formcheck`` (the same as the ``formcheck`` command, network isolation first)."""

from formcheck.privacy import main

main()
