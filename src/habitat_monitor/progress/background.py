"""Where follow-up work runs: in a worker when there is one to share it, else here.

``HM_TASKS_BACKEND=celery`` means several app servers and a Celery worker: the
analytics refresh and the open-data ZIP go to the worker, off the request. With the
database backend (one machine) they run in this process right after the commit:
the figures are fresh the moment the page answers, and no queue can hold them up.
Either way nothing runs when the transaction rolls back.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction


def in_worker() -> bool:
    return bool(settings.TASKS_BACKEND == "celery")


def after_commit(task: Any, *args: Any) -> None:
    """Run the django-tasks ``task`` with ``args`` once the current transaction commits."""
    if in_worker():
        task.enqueue(*args)  # the Celery backend sends it after the commit
    else:
        transaction.on_commit(lambda: task.call(*args))
