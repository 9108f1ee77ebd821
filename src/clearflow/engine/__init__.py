"""clearflow.engine._engine."""
