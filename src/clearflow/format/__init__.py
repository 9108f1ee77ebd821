"""clearflow.format."""
