"""clearflow.staff."""
