"""The store's schema migrations: Alembic revisions, run from code (no ``alembic.ini``).

No ``env.py`` either: ``store/_migrate.py`` sets the script location and runs them.

``versions/`` holds one module per revision, oldest first by ``down_revision``. Each says
the store ``schema_version`` it brings the database to and whether it is ``additive``
(creates tables, columns or indexes and rewrites nothing), which decides whether opening a
store may apply it (:mod:`clearflow.store._migrate`). A revision's tables are written out in
the revision itself, frozen as they were then: never the live ``metadata``.
"""
