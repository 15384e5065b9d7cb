"""Project records (policy ch. 3): the project and its team, intake, planning, execution."""

from projects.models.execution import CoordinationIssue, Duty, WorkTask
from projects.models.intake import Evaluation, ProjectContact, Talk
from projects.models.planning import OperationsPlan, PlanGoal, PlanMilestone, PlanResource, PlanReview, SiteSurvey
from projects.models.project import Project, ProjectMember, ProjectQuerySet, ProjectRecordQuerySet
from projects.models.supervision import (
    Checklist,
    ChecklistItem,
    Inspection,
    InspectionScore,
    RectificationNotice,
)

__all__ = [
    "Checklist",
    "ChecklistItem",
    "CoordinationIssue",
    "Duty",
    "Evaluation",
    "Inspection",
    "InspectionScore",
    "OperationsPlan",
    "PlanGoal",
    "PlanMilestone",
    "PlanResource",
    "PlanReview",
    "Project",
    "ProjectContact",
    "ProjectMember",
    "ProjectQuerySet",
    "ProjectRecordQuerySet",
    "RectificationNotice",
    "SiteSurvey",
    "Talk",
    "WorkTask",
]
