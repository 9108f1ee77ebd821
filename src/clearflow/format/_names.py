"""What a message calls the ids and values the reader reads: ``invalid step id 'Fees-Paid'``.

Each is a :class:`~clearflow._i18n.Message`, given to :meth:`Reader.ident` as ``what``, so
that the Chinese message names the id in Chinese (``无效的环节编号 'Fees-Paid'``).
"""

from __future__ import annotations

from clearflow._i18n import Message

ID = Message("id")
STEP_ID = Message("step id")
FACT_ID = Message("fact id")
OFFICE_ID = Message("office id")
DEADLINE_ID = Message("deadline id")
DOCUMENT_ID = Message("document id")
OUTCOME = Message("outcome")
VALUE = Message("value")
GROUP = Message("group")
