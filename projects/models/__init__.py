"""Project records (policy ch. 3): the project and its team, intake, planning, execution."""

from projects.models.execution import CoordinationIssue, Duty, WorkTask
from projects.models.intake import Evaluation, ProjectContact, Talk
from projects.models.planning import OperationsPlan, PlanGoal, PlanMilestone, PlanResource, PlanReview, SiteSurvey
from projects.models.project import Project, ProjectMember, ProjectQuerySet, ProjectRecordQuerySet

__all__ = [
    "CoordinationIssue",
    "Duty",
    "Evaluation",
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
    "SiteSurvey",
    "Talk",
    "WorkTask",
]
