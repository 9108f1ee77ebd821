"""What one terminal does in the concurrent import tests; run in a fresh process (``spawn``).

Kept out of the test module so that a spawned process imports only this and the library.
"""

from __future__ import annotations

from typing import Any

from clearflow.cohort.importing import import_roster
from clearflow.store._store import Store
from support import store_worker


def import_at_once(url: str, path: str, barrier: Any, past_first_check: bool) -> str:
    """Open a store, wait for the other terminal, import ``path``; the summary or the error.

    With ``past_first_check`` the quick "already imported?" look before the file is read
    answers no, as it does for both terminals when they start at the same moment: the
    import's own transaction must then tell the loser.
    """
    with Store.open(url, store_worker.engine()) as store:
        if past_first_check:
            store.was_imported = lambda sha256: False  # type: ignore[method-assign]
        barrier.wait(timeout=120)
        try:
            return import_roster(store, path).summary()
        except Exception as error:
            return f"{type(error).__name__}: {error}"
