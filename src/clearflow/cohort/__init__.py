"""clearflow.cohort."""
