"""Project records (policy ch. 3): the project and its team, intake, planning, execution, supervision, acceptance."""

from projects.models.acceptance import AcceptanceArrangement, AcceptanceRound, Handover, HandoverItem
from projects.models.execution import CoordinationIssue, Duty, WorkTask
from projects.models.intake import Evaluation, ProjectContact, Talk
from projects.models.planning import OperationsPlan, PlanGoal, PlanMilestone, PlanResource, PlanReview, SiteSurvey
from projects.models.project import Project, ProjectMember, ProjectQuerySet, ProjectRecordQuerySet
from projects.models.supervision import (
    Checklist,
    ChecklistItem,
    Inspection,
    InspectionPlan,
    InspectionScore,
    MeritRecord,
    RectificationNotice,
)

__all__ = [
    "AcceptanceArrangement",
    "AcceptanceRound",
    "Checklist",
    "ChecklistItem",
    "CoordinationIssue",
    "Duty",
    "Evaluation",
    "Handover",
    "HandoverItem",
    "Inspection",
    "InspectionPlan",
    "InspectionScore",
    "MeritRecord",
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
