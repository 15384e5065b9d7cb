"""The staff API (ch. 5), read-only: employees, recruitment plans and candidates, training sessions, appraisal
cycles and appraisals, decisions and incentives, resignations — each in the reader's scope (an employee sees its
own records; HR, the head, the executive and auditors all staff; clients nothing). Changes go through the pages'
services."""

from rest_framework import serializers

from core.api.viewsets import ScopedReadOnlyViewSet
from staff.models import (
    Appraisal,
    AppraisalCycle,
    Candidate,
    Employee,
    RecruitmentPlan,
    Resignation,
    StaffDecision,
    TrainingSession,
)


def _serializer(model_, fields_):
    class Serializer(serializers.ModelSerializer):
        class Meta:
            model = model_
            fields = fields_
            read_only_fields = fields_

    Serializer.__name__ = f"Staff{model_.__name__}Serializer"
    return Serializer


def _viewset(model_, fields_, filters, related=(), doc=""):
    class ViewSet(ScopedReadOnlyViewSet):
        __doc__ = doc
        queryset = model_.objects.all()
        serializer_class = _serializer(model_, fields_)
        filterset_fields = filters
        select_related = related

    ViewSet.__name__ = f"{model_.__name__}ViewSet"
    return ViewSet


EmployeeViewSet = _viewset(Employee, ["id", "user", "number", "department", "group", "position", "hire_date",
                                      "manager", "status", "left_on"], ["department", "status", "manager"],
                           doc="Employees (ch. 5).")  # fmt: skip
RecruitmentPlanViewSet = _viewset(RecruitmentPlan, ["id", "department", "position", "headcount", "requirements",
                                                    "justification", "status", "created_by", "created_at"],
                                  ["department", "status"], doc="Recruitment plans (5.1.1).")  # fmt: skip
CandidateViewSet = _viewset(Candidate, ["id", "plan", "name", "channel", "referred_by", "status", "employee",
                                        "applied_at"], ["plan", "channel", "status"],
                            doc="Candidates through the pipeline (5.1.2).")  # fmt: skip
TrainingSessionViewSet = _viewset(TrainingSession, ["id", "topic", "trainer", "held_on", "description"], [],
                                  doc="Internal training sessions (5.1.4).")  # fmt: skip
AppraisalCycleViewSet = _viewset(AppraisalCycle, ["id", "name", "period_start", "period_end", "method", "status"],
                                 ["status"], doc="Appraisal cycles (5.2.1).")  # fmt: skip
AppraisalViewSet = _viewset(Appraisal, ["id", "cycle", "employee", "status", "self_scores", "manager_scores",
                                        "final_score", "grade", "finalised_at"], ["cycle", "employee", "status"],
                            doc="Appraisals (5.2).")  # fmt: skip
StaffDecisionViewSet = _viewset(StaffDecision, ["id", "employee", "appraisal", "kind", "description", "amount",
                                                "new_position", "status", "proposed_by", "proposed_at", "decided_at"],
                                ["employee", "kind", "status"],
                                doc="Decisions on pay, promotion and rewards; incentives (5.2.2-5.2.3).")  # fmt: skip
ResignationViewSet = _viewset(Resignation, ["id", "employee", "reason", "leaving_date", "submitted_at", "status",
                                            "handover_state", "settlement_done", "items_returned", "completed_at"],
                              ["employee", "status"], doc="Resignations (5.3).")  # fmt: skip
