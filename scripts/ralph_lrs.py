"""Ralph's LRS web app, with its file-system backend appending.

Ralph 5.1.0's file-system LRS backend writes every batch of statements with
its data backend's default, "create", which refuses a file that exists: the
first POST /xAPI/statements is stored and every later one fails with 500
("Statements bulk indexation failed"). Appending is what an LRS needs, so
the backend is set to append before the app is loaded. Used by
`scripts/ralph serve`; nothing else is changed.
"""

from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

FSLRSBackend.default_operation_type = BaseOperationType.APPEND

from ralph.api import app  # noqa: E402  (after the backend is set)

__all__ = ["app"]
