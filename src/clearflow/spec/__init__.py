"""clearflow.spec._model."""
