"""The analytics store: built from approved values, refreshed on approval and reopening,
rebuilt when missing or stale, and always equal to a rebuild from scratch."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from habitat_monitor.core.audit import stamp
from habitat_monitor.plans.models import Indicator, Target
from habitat_monitor.progress.store import (
    StoreBusy,
    build_store,
    deferred_refreshes,
    ensure_fresh,
    reader,
    refresh_submission,
    store_status,
)
from habitat_monitor.progress.store.location import reading, replace, writing
from habitat_monitor.progress.store.refresh import refresh_quietly
from habitat_monitor.reporting.models import Submission, Value
from habitat_monitor.reporting.services.workflow import (
    approve_submission,
    reopen_submission,
    submit_submission,
)
from tests.progress.store_helpers import contents, rebuilt, store

pytestmark = pytest.mark.django_db
__all__ = ["store"]  # a fixture
Capture = Callable[..., Any]


def approved_rows() -> int:
    return Value.objects.filter(submission__status=Submission.Status.APPROVED).count()


def officer() -> Any:
    """The demo's reviewer (an M&E officer): no new account, whose password hashing
    would cost more than the test."""
    return get_user_model().objects.get(username="demo.reviewer")


def test_rebuild_holds_every_approved_value_joined_to_the_framework(store: Path) -> None:
    """One row per approved value, with its plan, indicator, office, places and breakdown."""
    value = (
        Value.objects.filter(submission__status="approved", disaggregation="sex=female")
        .filter(indicator__outcome__isnull=False)
        .select_related("indicator__outcome", "submission__office", "submission__period")
        .select_related("country__org_region", "country__m49_region")
        .first()
    )
    assert value is not None
    with reading(store) as con:
        count = con.execute("SELECT count(*) FROM approved_value").fetchall()[0][0]
        row = con.execute(
            "SELECT plan, indicator, outcome, aggregation, office, country, org_region, "
            "m49_region, period, year, disaggregation, sex, age, value, illustrative "
            "FROM approved_value WHERE value_id = ?",
            [value.pk],
        ).fetchall()[0]
    assert count == approved_rows()
    country = value.country
    assert country is not None and country.org_region is not None
    assert country.m49_region is not None and value.indicator.outcome is not None
    assert row == (
        "UNH-SP-2020-2023",
        value.indicator.code,
        value.indicator.outcome.code,
        value.indicator.aggregation,
        value.submission.office.code,
        country.alpha3,
        country.org_region.code,
        country.m49_region.code,
        value.submission.period.code,
        value.submission.period.year,
        "sex=female",
        "female",
        None,
        value.value,
        True,
    )


def test_rebuild_replaces_the_file_whole(store: Path) -> None:
    """A rebuild leaves no half-built file beside the store, and reports what it wrote."""
    result = build_store()
    assert result.rows == approved_rows()
    assert result.submissions == Submission.objects.filter(status="approved").count()
    leftovers = [path.name for path in store.parent.iterdir() if ".building-" in path.name]
    assert leftovers == []


def test_refresh_after_approving_equals_a_rebuild(
    store: Path, tmp_path: Path, django_capture_on_commit_callbacks: Capture
) -> None:
    """Approving a submission adds its values, exactly as a rebuild would have them."""
    submission = Submission.objects.filter(status="submitted").first()
    assert submission is not None
    before = approved_rows()
    with django_capture_on_commit_callbacks(execute=True):
        approve_submission(submission, actor=officer())
    refreshed = contents(store)
    assert len(refreshed["approved_value"]) == before + submission.values.count() > before
    assert refreshed == rebuilt(tmp_path)
    assert store_status().fresh


def test_refresh_after_reopening_equals_a_rebuild(
    store: Path, tmp_path: Path, django_capture_on_commit_callbacks: Capture
) -> None:
    """Reopening an approved submission removes its values, exactly as a rebuild would."""
    submission = Submission.objects.filter(status="approved").first()
    assert submission is not None
    with django_capture_on_commit_callbacks(execute=True):
        reopen_submission(submission, actor=officer(), reason="the survey was redone")
    refreshed = contents(store)
    held = {row[1] for row in refreshed["approved_value"]}
    assert submission.pk not in held
    assert refreshed == rebuilt(tmp_path)
    assert store_status().fresh


def test_reopen_then_approve_again_equals_a_rebuild(
    store: Path, tmp_path: Path, django_capture_on_commit_callbacks: Capture
) -> None:
    """A submission reopened, corrected and approved again holds its new values."""
    submission = Submission.objects.filter(status="approved").first()
    assert submission is not None
    reviewer, clerk = officer(), submission.submitted_by
    with django_capture_on_commit_callbacks(execute=True):
        reopen_submission(submission, actor=reviewer, reason="one value is wrong")
    value = submission.values.first()
    assert value is not None
    Value.objects.filter(pk=value.pk).update(value=value.value + 1)
    with django_capture_on_commit_callbacks(execute=True):
        submission.refresh_from_db()
        submit_submission(submission, actor=clerk)
        approve_submission(submission, actor=reviewer)
    with reading(store) as con:
        held = con.execute(
            "SELECT value FROM approved_value WHERE value_id = ?", [value.pk]
        ).fetchall()
    assert held == [(value.value + 1,)]
    assert contents(store) == rebuilt(tmp_path)


def test_refresh_waits_for_the_commit(
    store: Path, django_capture_on_commit_callbacks: Capture
) -> None:
    """Nothing reaches the store before the approval commits (a rollback leaves it alone)."""
    submission = Submission.objects.filter(status="submitted").first()
    assert submission is not None
    before = contents(store)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        approve_submission(submission, actor=officer())
    assert len(callbacks) == 1
    assert contents(store) == before


def test_missing_store_is_built_on_first_read(store: Path) -> None:
    """Deleting the store loses nothing: the next reader builds it again."""
    before = contents(store)
    store.unlink()
    assert store_status().exists is False
    with reader() as con:
        count = con.execute("SELECT count(*) FROM approved_value").fetchall()[0][0]
    assert count == approved_rows()
    assert contents(store) == before


def test_an_approval_the_store_missed_is_seen_and_caught_up(store: Path, tmp_path: Path) -> None:
    """Without its refresh (the hook never ran), an approval makes the store stale; the
    next reader catches up that one submission rather than rebuilding everything."""
    submission = Submission.objects.filter(status="submitted").first()
    assert submission is not None
    built_at = store_status().built_at
    approve_submission(submission, actor=officer())  # the test's transaction never commits
    status = store_status()
    assert not status.fresh
    assert "approved or reopened" in status.reason
    assert ensure_fresh() == "refreshed"
    assert store_status().fresh and store_status().built_at == built_at
    assert contents(store) == rebuilt(tmp_path)


def test_a_changed_framework_rebuilds_the_store(store: Path) -> None:
    """An indicator edited (here its aggregation) makes every value row stale: rebuilt."""
    indicator = Indicator.objects.get(plan__code="UNH-SP-2020-2023", code="1.1.3")
    indicator.aggregation = Indicator.Aggregation.MEAN
    stamp(indicator, actor=None, reason="test")
    indicator.save()
    assert "plan, offices or places" in store_status().reason
    assert ensure_fresh() == "rebuilt"
    with reading(store) as con:
        rules = con.execute(
            "SELECT DISTINCT aggregation FROM approved_value WHERE indicator = '1.1.3'"
        ).fetchall()
    assert rules == [("mean",)]


def test_a_changed_target_is_copied_without_a_rebuild(store: Path) -> None:
    """New targets reach the store's small tables; the value rows stay as they are."""
    target = Target.objects.filter(indicator__code="1.1.1", year=2021, office=None).get()
    target.value = 77.5
    stamp(target, actor=None, reason="test")
    target.save()
    built_at = store_status().built_at
    assert "targets" in store_status().reason
    assert ensure_fresh() == "refreshed"
    with reading(store) as con:
        held = con.execute(
            "SELECT value FROM target WHERE indicator = '1.1.1' AND year = 2021 AND office IS NULL"
        ).fetchall()
    assert held == [(77.5,)]
    assert store_status().fresh and store_status().built_at == built_at


def test_a_failed_refresh_marks_the_store_stale(
    store: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A refresh that fails (here the store lost a table) is logged and leaves the store
    marked stale, never looking fresh; the next reader rebuilds it."""
    with writing(store) as con:
        con.execute("DROP TABLE approved_value")
    submission = Submission.objects.filter(status="approved").first()
    assert submission is not None
    with caplog.at_level(logging.ERROR):
        refresh_quietly(submission.pk)
    assert "refreshing submission" in caplog.text
    status = store_status()
    assert not status.fresh and status.reason.startswith("marked stale")
    assert ensure_fresh() == "rebuilt"
    assert contents(store) == rebuilt(tmp_path)


def test_refresh_without_a_store_does_nothing(store: Path) -> None:
    """No store file: nothing to refresh (the first reader builds one)."""
    store.unlink()
    submission = Submission.objects.filter(status="approved").first()
    assert submission is not None
    assert refresh_submission(submission.pk) is None
    assert not store.exists()


def test_a_writer_waits_for_readers_then_gives_up_with_a_clear_error(store: Path) -> None:
    """Readers share the lock; a writer waits for them, up to its deadline."""
    with (
        reading(store),
        reading(store),
        pytest.raises(StoreBusy, match="busy"),
        writing(store, timeout=0.05),
    ):
        pass  # pragma: no cover


def test_a_new_file_is_swapped_in_only_when_no_reader_has_the_old_one(
    store: Path, tmp_path: Path
) -> None:
    """The swap waits for readers (and gives up at its deadline, leaving both files)."""
    built = tmp_path / "new.duckdb"
    build_store(path=built)
    with reading(store), pytest.raises(StoreBusy):
        replace(built, store, timeout=0.05)
    assert built.exists()
    replace(built, store)
    assert not built.exists()


def test_deferred_refreshes_collect_instead_of_refreshing(
    store: Path, django_capture_on_commit_callbacks: Capture
) -> None:
    """Bulk loads collect the approvals (one rebuild at the end), no refresh each."""
    submission = Submission.objects.filter(status="submitted").first()
    assert submission is not None
    with (
        django_capture_on_commit_callbacks(execute=False) as callbacks,
        deferred_refreshes() as collected,
        transaction.atomic(),
    ):
        approve_submission(submission, actor=officer())
    assert callbacks == []
    assert collected == {submission.pk}
