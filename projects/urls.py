from django.urls import path

from projects import views

app_name = "projects"
urlpatterns = [
    path("", views.ProjectListView.as_view(), name="list"),
    # Quality standards (2.2.4): checklists
    path("checklists/", views.ChecklistListView.as_view(), name="checklists"),
    path("checklists/new/", views.ChecklistCreateView.as_view(), name="checklist-create"),
    path("checklists/<int:checklist_pk>/", views.ChecklistDetailView.as_view(), name="checklist-detail"),
    path("checklists/<int:checklist_pk>/edit/", views.ChecklistEditView.as_view(), name="checklist-edit"),
    # The KPI system (2.2.4, 4.2) and the satisfaction questionnaires (4.1.3)
    path("kpis/", views.KpiDashboardView.as_view(), name="kpi-dashboard"),
    path("kpis/new/", views.KpiDefinitionCreateView.as_view(), name="kpi-create"),
    path("kpis/<int:kpi_pk>/edit/", views.KpiDefinitionEditView.as_view(), name="kpi-edit"),
    path("questionnaires/", views.QuestionnaireListView.as_view(), name="questionnaires"),
    path("questionnaires/new/", views.QuestionnaireCreateView.as_view(), name="questionnaire-create"),
    path("new/", views.ProjectCreateView.as_view(), name="create"),
    path("<int:pk>/", views.ProjectDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.ProjectUpdateView.as_view(), name="update"),
    path("<int:pk>/history/", views.ProjectHistoryView.as_view(), name="history"),
    path("<int:pk>/stage-records/", views.ProjectStageRecordsView.as_view(), name="stage-records"),
    path("<int:pk>/stage/", views.ProjectTransitionView.as_view(), name="transition"),
    path("<int:pk>/members/", views.ProjectMemberAddView.as_view(), name="member-add"),
    # Intake (3.1)
    path("<int:pk>/contacts/", views.ContactAddView.as_view(), name="contact-add"),
    path("<int:pk>/talks/", views.TalkAddView.as_view(), name="talk-add"),
    path("<int:pk>/evaluation/", views.EvaluationView.as_view(), name="evaluation"),
    path("<int:pk>/evaluation/risks/", views.RiskAddView.as_view(), name="risk-add"),
    path("<int:pk>/evaluation/decision/", views.DecisionView.as_view(), name="decide"),
    # Planning (3.2)
    path("<int:pk>/surveys/new/", views.SurveyCreateView.as_view(), name="survey-create"),
    path("<int:pk>/surveys/<int:survey_pk>/", views.SurveyDetailView.as_view(), name="survey-detail"),
    path("<int:pk>/plans/new/", views.PlanCreateView.as_view(), name="plan-create"),
    path("<int:pk>/plans/<int:plan_pk>/", views.PlanDetailView.as_view(), name="plan-detail"),
    path("<int:pk>/plans/<int:plan_pk>/edit/", views.PlanEditView.as_view(), name="plan-edit"),
    path("<int:pk>/plans/<int:plan_pk>/review/", views.PlanReviewView.as_view(), name="plan-review"),
    path("<int:pk>/plans/<int:plan_pk>/transition/", views.PlanTransitionView.as_view(), name="plan-transition"),
    path("<int:pk>/plans/<int:plan_pk>/revise/", views.PlanReviseView.as_view(), name="plan-revise"),
    # Execution (3.3)
    path("<int:pk>/tasks/", views.TaskListView.as_view(), name="tasks"),
    path("<int:pk>/tasks/new/", views.TaskAddView.as_view(), name="task-add"),
    path("<int:pk>/tasks/<int:task_pk>/edit/", views.TaskEditView.as_view(), name="task-edit"),
    path("<int:pk>/tasks/<int:task_pk>/transition/", views.TaskTransitionView.as_view(), name="task-transition"),
    path("<int:pk>/duties/", views.DutyAssignView.as_view(), name="duty-assign"),
    path("<int:pk>/issues/", views.IssueListView.as_view(), name="issues"),
    path("<int:pk>/issues/new/", views.IssueRaiseView.as_view(), name="issue-raise"),
    path("<int:pk>/issues/<int:issue_pk>/", views.IssueDetailView.as_view(), name="issue-detail"),
    path("<int:pk>/issues/<int:issue_pk>/transition/", views.IssueTransitionView.as_view(), name="issue-transition"),
    # Supervision (3.4)
    path("<int:pk>/inspections/", views.InspectionListView.as_view(), name="inspections"),
    path("<int:pk>/inspections/new/", views.InspectionPlanView.as_view(), name="inspection-plan"),
    path("<int:pk>/inspections/<int:inspection_pk>/", views.InspectionDetailView.as_view(), name="inspection-detail"),
    path(
        "<int:pk>/inspections/<int:inspection_pk>/record/",
        views.InspectionRecordView.as_view(),
        name="inspection-record",
    ),
    path(
        "<int:pk>/inspections/<int:inspection_pk>/transition/",
        views.InspectionTransitionView.as_view(),
        name="inspection-transition",
    ),
    path("<int:pk>/inspections/schedule/", views.InspectionScheduleView.as_view(), name="inspection-schedule"),
    path(
        "<int:pk>/inspections/plans/<int:plan_pk>/stop/",
        views.InspectionPlanStopView.as_view(),
        name="inspection-plan-stop",
    ),
    path("<int:pk>/rectifications/", views.RectificationListView.as_view(), name="rectifications"),
    path("<int:pk>/rectifications/new/", views.RectificationIssueView.as_view(), name="rectification-issue"),
    path(
        "<int:pk>/rectifications/<int:notice_pk>/", views.RectificationDetailView.as_view(), name="rectification-detail"
    ),
    path(
        "<int:pk>/rectifications/<int:notice_pk>/evidence/",
        views.RectificationEvidenceView.as_view(),
        name="rectification-evidence",
    ),
    path(
        "<int:pk>/rectifications/<int:notice_pk>/transition/",
        views.RectificationTransitionView.as_view(),
        name="rectification-transition",
    ),
    # Commendation and accountability (3.4.3)
    path("<int:pk>/merits/", views.MeritListView.as_view(), name="merits"),
    path("<int:pk>/merits/new/", views.MeritProposeView.as_view(), name="merit-propose"),
    path("<int:pk>/merits/<int:merit_pk>/", views.MeritDetailView.as_view(), name="merit-detail"),
    path("<int:pk>/merits/<int:merit_pk>/transition/", views.MeritTransitionView.as_view(), name="merit-transition"),
    # Acceptance (3.5)
    path("<int:pk>/acceptance/", views.AcceptanceView.as_view(), name="acceptance"),
    path("<int:pk>/acceptance/arrangement/", views.ArrangementView.as_view(), name="acceptance-arrange"),
    path("<int:pk>/acceptance/rounds/new/", views.AcceptanceRoundStartView.as_view(), name="acceptance-round-start"),
    path(
        "<int:pk>/acceptance/rounds/<int:round_pk>/", views.AcceptanceRoundDetailView.as_view(), name="acceptance-round"
    ),
    path(
        "<int:pk>/acceptance/rounds/<int:round_pk>/package/",
        views.PackageEditView.as_view(),
        name="acceptance-package",
    ),
    path(
        "<int:pk>/acceptance/rounds/<int:round_pk>/transition/",
        views.AcceptanceRoundTransitionView.as_view(),
        name="acceptance-transition",
    ),
    path("<int:pk>/acceptance/handover/items/", views.HandoverItemAddView.as_view(), name="handover-item-add"),
    path(
        "<int:pk>/acceptance/handover/items/<int:item_pk>/",
        views.HandoverItemCheckView.as_view(),
        name="handover-item-check",
    ),
    path("<int:pk>/acceptance/handover/complete/", views.HandoverCompleteView.as_view(), name="handover-complete"),
    # Service records (4.1) and KPIs (4.2)
    path("<int:pk>/requests/", views.RequestListView.as_view(), name="requests"),
    path("<int:pk>/requests/new/", views.RequestRaiseView.as_view(), name="request-raise"),
    path("<int:pk>/requests/<int:request_pk>/", views.RequestDetailView.as_view(), name="request-detail"),
    path(
        "<int:pk>/requests/<int:request_pk>/transition/",
        views.RequestTransitionView.as_view(),
        name="request-transition",
    ),
    path("<int:pk>/requests/<int:request_pk>/assign/", views.RequestAssignView.as_view(), name="request-assign"),
    path("<int:pk>/revisits/", views.RevisitListView.as_view(), name="revisits"),
    path("<int:pk>/revisits/schedule/", views.RevisitPlanView.as_view(), name="revisit-plan"),
    path("<int:pk>/revisits/<int:revisit_pk>/record/", views.RevisitRecordView.as_view(), name="revisit-record"),
    path("<int:pk>/satisfaction/", views.SurveyRoundListView.as_view(), name="survey-rounds"),
    path("<int:pk>/satisfaction/send/", views.SurveyRoundSendView.as_view(), name="survey-send"),
    path("<int:pk>/satisfaction/<int:round_pk>/", views.SurveyRoundDetailView.as_view(), name="survey-round"),
    path("<int:pk>/satisfaction/<int:round_pk>/answer/", views.SurveyAnswerView.as_view(), name="survey-answer"),
    path("<int:pk>/marketing/", views.ActivityListView.as_view(), name="activities"),
    path("<int:pk>/marketing/new/", views.ActivityAddView.as_view(), name="activity-add"),
    path("<int:pk>/marketing/<int:activity_pk>/edit/", views.ActivityEditView.as_view(), name="activity-edit"),
    path("<int:pk>/operations-log/", views.LogListView.as_view(), name="operations-log"),
    path("<int:pk>/operations-log/new/", views.LogAddView.as_view(), name="log-add"),
    path("<int:pk>/kpis/", views.ProjectKpiView.as_view(), name="kpis"),
    path("<int:pk>/kpis/targets/", views.KpiTargetView.as_view(), name="kpi-target"),
]
