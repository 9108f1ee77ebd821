"""clearflow.console.workflow_view."""
