"""The ``clearflow`` command: click only; parse, call the library, render, map errors to exits."""

from clearflow.cli._main import main

__all__ = ["main"]
