"""The revisions, one module each (Alembic loads them by file; this package is only their home)."""
