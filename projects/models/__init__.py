"""Project records (policy ch. 3): the project and its team, intake, planning, execution, supervision, acceptance."""

from projects.models.acceptance import AcceptanceArrangement, AcceptanceRound, Handover, HandoverItem
from projects.models.execution import CoordinationIssue, Duty, WorkTask
from projects.models.intake import Evaluation, ProjectContact, Talk
from projects.models.kpi import KpiAlert, KpiDefinition, KpiTarget, KpiValue
from projects.models.planning import OperationsPlan, PlanGoal, PlanMilestone, PlanResource, PlanReview, SiteSurvey
from projects.models.project import Project, ProjectMember, ProjectQuerySet, ProjectRecordQuerySet
from projects.models.service import (
    MarketingActivity,
    OperationsLogEntry,
    Revisit,
    RevisitPlan,
    ServiceRequest,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
    SurveyRound,
)
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
    "KpiAlert",
    "KpiDefinition",
    "KpiTarget",
    "KpiValue",
    "MarketingActivity",
    "MeritRecord",
    "OperationsLogEntry",
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
    "Revisit",
    "RevisitPlan",
    "ServiceRequest",
    "SiteSurvey",
    "Survey",
    "SurveyAnswer",
    "SurveyQuestion",
    "SurveyResponse",
    "SurveyRound",
    "Talk",
    "WorkTask",
]
