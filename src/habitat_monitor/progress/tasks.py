"""Background tasks of the progress app: the analytics refresh after a decision and
the open-data ZIP of a publication.

With ``HM_TASKS_BACKEND=celery`` the worker runs them, so an approval or a
publication answers at once; with the database backend (one machine, ``make run``)
they run in the web process right after the commit (see ``progress.background``).
"""

from __future__ import annotations

from django_tasks import task


@task()
def refresh_analytics(submission_id: int) -> None:
    from habitat_monitor.progress.store.refresh import refresh_quietly

    refresh_quietly(submission_id)


@task()
def write_publication_open_data(publication_id: int) -> str:
    from habitat_monitor.progress.models import Publication
    from habitat_monitor.progress.publishing import ensure_open_data

    publication = Publication.objects.select_related("plan").get(pk=publication_id)
    return str(ensure_open_data(publication))
