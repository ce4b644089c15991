"""django-tasks on Celery: one backend class and one generic Celery task.

``CeleryBackend`` (``HM_TASKS_BACKEND=celery``) turns ``some_task.enqueue(...)`` into
a Celery message naming the task function by its import path; the worker's
``run_task`` imports it and calls it. So the ``@task`` functions of the apps
(``reporting/tasks.py``...) run unchanged on either backend.

Nothing may be lost silently when a worker dies:

- Messages are acknowledged late (after the task ends) and rejected back to the
  queue when a pool process is killed, so a task that was running is handed out
  again; when the whole worker dies, the broker hands it out once
  ``HM_CELERY_VISIBILITY_TIMEOUT`` has passed.
- Each start is counted in the broker; after ``HM_TASK_ATTEMPTS`` starts the task
  is given up and its job (an import, a report) is marked failed, so a task that
  kills its worker every time cannot loop for ever.
- A task that raises is not retried (the same input would fail again); its job is
  marked failed too. The work itself stays all or nothing: an import writes its
  values in one transaction, which the database rolls back when the worker dies.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from celery import Task as CeleryTask
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext, ngettext
from django_tasks.backends.base import BaseTaskBackend
from django_tasks.base import Task, TaskResult, TaskResultStatus
from django_tasks.signals import task_enqueued
from django_tasks.utils import normalize_json

from habitat_monitor.core.celery import app

logger = logging.getLogger(__name__)
ATTEMPTS_KEY = "hm:task-attempts:"
ATTEMPTS_SECONDS = 7 * 24 * 3600
# Tasks whose first argument is a job row to mark failed when the task is given up.
JOBS = {
    "habitat_monitor.reporting.tasks.run_import_job": "reporting.ImportJob",
    "habitat_monitor.reports.tasks.run_report_job": "reports.ReportJob",
}
FINISHED = ("done", "rejected", "failed")


class CeleryBackend(BaseTaskBackend):
    supports_defer = True

    def enqueue(self, task: Task[Any, Any], args: Any, kwargs: Any) -> TaskResult[Any]:
        self.validate_task(task)
        result: TaskResult[Any] = TaskResult(
            task=task,
            id=str(uuid.uuid4()),
            status=TaskResultStatus.READY,
            enqueued_at=timezone.now(),
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=normalize_json(list(args)),
            kwargs=normalize_json(kwargs),
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
        message = (task.module_path, result.args, result.kwargs)

        def send() -> None:
            run_task.apply_async(message, task_id=result.id, eta=task.run_after)

        # After the commit: the worker must find the rows the task is about.
        transaction.on_commit(send)
        task_enqueued.send(type(self), task_result=result)
        return result


def _count_attempt(task_id: str) -> int:
    """This start's number, kept in the broker (shared by every worker) when it is
    Redis, else in the cache."""
    key = ATTEMPTS_KEY + task_id
    broker = settings.CELERY_BROKER_URL
    if broker.startswith(("redis://", "rediss://", "unix://")):
        import redis

        client = redis.Redis.from_url(broker, socket_timeout=5)
        try:
            count = int(client.incr(key))
            client.expire(key, ATTEMPTS_SECONDS)
            return count
        finally:
            client.close()
    cache.add(key, 0, ATTEMPTS_SECONDS)
    return int(cache.incr(key))


def give_up(task_path: str, args: list[Any], reason: str) -> int:
    """Mark the task's job failed (if it has one and it has not finished); how many rows."""
    label = JOBS.get(task_path)
    if label is None or not args:
        return 0
    model = apps.get_model(label)
    unfinished = model.objects.filter(pk=args[0]).exclude(status__in=FINISHED)
    return int(unfinished.update(status="failed", message=reason, finished_at=timezone.now()))


@app.task(name="habitat_monitor.run_task", bind=True, acks_late=True, reject_on_worker_lost=True)
def run_task(self: CeleryTask, task_path: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """Run the django-tasks task at ``task_path`` (see the module docstring)."""
    task_id = str(self.request.id)
    extra = {"task": task_path, "task_id": task_id}
    attempt = _count_attempt(task_id)
    if attempt > settings.TASK_ATTEMPTS:
        reason = ngettext(
            "The background worker stopped %(count)d time while running this task: it was "
            "given up and nothing was written. Please try again.",
            "The background worker stopped %(count)d times while running this task: it was "
            "given up and nothing was written. Please try again.",
            attempt - 1,
        ) % {"count": attempt - 1}
        logger.error("task given up after %s starts", attempt - 1, extra=extra)
        give_up(task_path, args, reason)
        return None
    if attempt > 1:
        logger.warning("task started again (start %s)", attempt, extra=extra)
    logger.info("running %s", task_path, extra=extra)
    task = import_string(task_path)
    try:
        return task.call(*args, **kwargs)
    except Exception as error:
        logger.exception("task failed", extra=extra)
        reason = gettext("The task failed: %(error)s") % {
            "error": f"{type(error).__name__}: {error}"
        }
        give_up(task_path, args, reason[:1000])
        raise
