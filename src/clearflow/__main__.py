"""Run the command line as ``python -m clearflow``."""

from clearflow.cli import main

main()
