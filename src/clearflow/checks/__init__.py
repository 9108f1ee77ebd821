"""clearflow.checks."""
