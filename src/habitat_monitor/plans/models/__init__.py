from habitat_monitor.plans.models.framework import (
    Dimension,
    Domain,
    FrameworkTerm,
    Outcome,
    Plan,
    PlanVersion,
)
from habitat_monitor.plans.models.indicators import Baseline, Indicator, Target
from habitat_monitor.plans.models.pmp import Milestone, PerformancePlan

__all__ = [
    "Baseline",
    "Dimension",
    "Domain",
    "FrameworkTerm",
    "Indicator",
    "Milestone",
    "Outcome",
    "PerformancePlan",
    "Plan",
    "PlanVersion",
    "Target",
]
