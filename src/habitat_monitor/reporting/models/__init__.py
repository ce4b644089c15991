from habitat_monitor.reporting.models.assignments import Assignment, ReportingPeriod
from habitat_monitor.reporting.models.imports import ImportJob
from habitat_monitor.reporting.models.submissions import Evidence, Submission, Value, ValueBatch

__all__ = [
    "Assignment",
    "Evidence",
    "ImportJob",
    "ReportingPeriod",
    "Submission",
    "Value",
    "ValueBatch",
]
