"""Project commands (the only place where project records change), by subject."""

from projects.services.execution import (
    duty_assign,
    issue_raise,
    issue_transition,
    task_add,
    task_transition,
    task_update,
)
from projects.services.intake import (
    contact_add,
    evaluation_decide,
    evaluation_save,
    intake_risk_add,
    talk_add,
)
from projects.services.planning import (
    plan_create,
    plan_review_record,
    plan_revise,
    plan_save,
    plan_transition,
    survey_add,
)
from projects.services.project import (
    EDITABLE_FIELDS,
    project_create,
    project_member_add,
    project_stage_transition,
    project_update,
)
from projects.services.supervision import (
    checklist_create,
    checklist_update,
    inspection_plan,
    inspection_record,
    inspection_transition,
    rectification_issue,
    rectification_transition,
)

__all__ = [
    "EDITABLE_FIELDS",
    "checklist_create",
    "checklist_update",
    "contact_add",
    "duty_assign",
    "evaluation_decide",
    "evaluation_save",
    "inspection_plan",
    "inspection_record",
    "inspection_transition",
    "intake_risk_add",
    "issue_raise",
    "issue_transition",
    "plan_create",
    "plan_review_record",
    "plan_revise",
    "plan_save",
    "plan_transition",
    "project_create",
    "project_member_add",
    "project_stage_transition",
    "project_update",
    "rectification_issue",
    "rectification_transition",
    "survey_add",
    "talk_add",
    "task_add",
    "task_transition",
    "task_update",
]
