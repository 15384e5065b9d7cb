"""Project records (policy ch. 3): the project and its team, intake, planning."""

from projects.models.intake import Evaluation, ProjectContact, Talk
from projects.models.planning import OperationsPlan, PlanGoal, PlanMilestone, PlanResource, PlanReview, SiteSurvey
from projects.models.project import Project, ProjectMember, ProjectQuerySet, ProjectRecordQuerySet

__all__ = [
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
]
