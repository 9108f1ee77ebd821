"""clearflow.store._store."""
