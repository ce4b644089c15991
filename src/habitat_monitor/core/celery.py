"""The Celery application, for installs that run background tasks on Celery.

``HM_TASKS_BACKEND=celery`` sends every django-tasks ``@task`` to Celery through
``core.celery_tasks``; start a worker with::

    celery -A habitat_monitor.core.celery worker --concurrency 2

Its settings are the ``CELERY_*`` names in ``settings.py`` (broker from
``HM_CELERY_BROKER_URL``; late acknowledgement, so a task whose worker dies is
handed out again).
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "habitat_monitor.settings")

app = Celery("habitat_monitor", include=["habitat_monitor.core.celery_tasks"])
app.config_from_object("django.conf:settings", namespace="CELERY")
