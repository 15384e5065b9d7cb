"""The one API router: every app registers its viewsets here."""

from django.http import JsonResponse
from django.urls import path, re_path
from django.views.decorators.csrf import csrf_exempt
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.exceptions import NotFound
from rest_framework.routers import DefaultRouter

from contracts.api.views import (
    ArchiveRecordViewSet,
    AuthorisationViewSet,
    BorrowingViewSet,
    ClauseViewSet,
    ContractViewSet,
    ObligationViewSet,
    PerformanceEvaluationViewSet,
)
from core.api.views import (
    AuditEventViewSet,
    ClientOrganisationViewSet,
    JobRunViewSet,
    MeView,
    NotificationViewSet,
    PolicyClauseViewSet,
)
from finance.api.views import (
    AdjustmentViewSet,
    BudgetViewSet,
    CategoryViewSet,
    ClaimViewSet,
    CostViewSet,
    InvoiceViewSet,
)
from projects.api.acceptance import (
    AcceptanceArrangementViewSet,
    AcceptanceRoundViewSet,
    HandoverViewSet,
    InspectionPlanViewSet,
    MeritRecordViewSet,
)
from projects.api.execution import CoordinationIssueViewSet, DutyViewSet, WorkTaskViewSet
from projects.api.intake import (
    ContactViewSet,
    EvaluationViewSet,
    OperationsPlanViewSet,
    SiteSurveyViewSet,
    TalkViewSet,
)
from projects.api.service import (
    KpiAlertViewSet,
    KpiDefinitionViewSet,
    KpiTargetViewSet,
    KpiValueViewSet,
    MarketingActivityViewSet,
    OperationsLogViewSet,
    RevisitPlanViewSet,
    RevisitViewSet,
    ServiceRequestViewSet,
    SurveyRoundViewSet,
    SurveyViewSet,
)
from projects.api.supervision import ChecklistViewSet, InspectionViewSet, RectificationViewSet
from projects.api.views import ProjectViewSet
from risk.api.views import RiskAssessmentViewSet, RiskResponseViewSet, RiskReviewViewSet, RiskViewSet
from staff.api import views as staff_api

app_name = "api"
router = DefaultRouter()
router.register("projects", ProjectViewSet, basename="project")
router.register("contacts", ContactViewSet, basename="contact")
router.register("talks", TalkViewSet, basename="talk")
router.register("evaluations", EvaluationViewSet, basename="evaluation")
router.register("site-surveys", SiteSurveyViewSet, basename="sitesurvey")
router.register("plans", OperationsPlanViewSet, basename="plan")
router.register("duties", DutyViewSet, basename="duty")
router.register("tasks", WorkTaskViewSet, basename="task")
router.register("coordination-issues", CoordinationIssueViewSet, basename="coordinationissue")
router.register("checklists", ChecklistViewSet, basename="checklist")
router.register("inspections", InspectionViewSet, basename="inspection")
router.register("rectifications", RectificationViewSet, basename="rectification")
router.register("inspection-plans", InspectionPlanViewSet, basename="inspectionplan")
router.register("merit-records", MeritRecordViewSet, basename="meritrecord")
router.register("acceptance-arrangements", AcceptanceArrangementViewSet, basename="acceptancearrangement")
router.register("acceptance-rounds", AcceptanceRoundViewSet, basename="acceptanceround")
router.register("handovers", HandoverViewSet, basename="handover")
router.register("service-requests", ServiceRequestViewSet, basename="servicerequest")
router.register("revisit-plans", RevisitPlanViewSet, basename="revisitplan")
router.register("revisits", RevisitViewSet, basename="revisit")
router.register("surveys", SurveyViewSet, basename="survey")
router.register("survey-rounds", SurveyRoundViewSet, basename="surveyround")
router.register("marketing-activities", MarketingActivityViewSet, basename="marketingactivity")
router.register("operations-log", OperationsLogViewSet, basename="operationslogentry")
router.register("kpis", KpiDefinitionViewSet, basename="kpidefinition")
router.register("kpi-targets", KpiTargetViewSet, basename="kpitarget")
router.register("kpi-values", KpiValueViewSet, basename="kpivalue")
router.register("kpi-alerts", KpiAlertViewSet, basename="kpialert")
router.register("job-runs", JobRunViewSet, basename="jobrun")
router.register("contracts", ContractViewSet, basename="contract")
router.register("contract-clauses", ClauseViewSet, basename="contractclause")
router.register("contract-obligations", ObligationViewSet, basename="obligation")
router.register("contract-evaluations", PerformanceEvaluationViewSet, basename="performanceevaluation")
router.register("signing-authorisations", AuthorisationViewSet, basename="authorisation")
router.register("contract-archive", ArchiveRecordViewSet, basename="archiverecord")
router.register("contract-borrowings", BorrowingViewSet, basename="borrowing")
router.register("invoices", InvoiceViewSet, basename="invoice")
router.register("budgets", BudgetViewSet, basename="budget")
router.register("budget-adjustments", AdjustmentViewSet, basename="budgetadjustment")
router.register("finance-categories", CategoryViewSet, basename="financecategory")
router.register("costs", CostViewSet, basename="costentry")
router.register("expense-claims", ClaimViewSet, basename="expenseclaim")
router.register("risks", RiskViewSet, basename="risk")
router.register("risk-assessments", RiskAssessmentViewSet, basename="riskassessment")
router.register("risk-responses", RiskResponseViewSet, basename="riskresponse")
router.register("risk-reviews", RiskReviewViewSet, basename="riskreview")
router.register("employees", staff_api.EmployeeViewSet, basename="employee")
router.register("recruitment-plans", staff_api.RecruitmentPlanViewSet, basename="recruitmentplan")
router.register("candidates", staff_api.CandidateViewSet, basename="candidate")
router.register("training-sessions", staff_api.TrainingSessionViewSet, basename="trainingsession")
router.register("appraisal-cycles", staff_api.AppraisalCycleViewSet, basename="appraisalcycle")
router.register("appraisals", staff_api.AppraisalViewSet, basename="appraisal")
router.register("staff-decisions", staff_api.StaffDecisionViewSet, basename="staffdecision")
router.register("resignations", staff_api.ResignationViewSet, basename="resignation")
router.register("clients", ClientOrganisationViewSet, basename="client")
router.register("audit-events", AuditEventViewSet, basename="auditevent")
router.register("notifications", NotificationViewSet, basename="notification")
router.register("policy-clauses", PolicyClauseViewSet, basename="policyclause")


@csrf_exempt
def not_found(request, *args, **kwargs):
    """Any other address under an endpoint (``/api/projects/1.5.6/``, an id that is not one) is the API's JSON 404,
    not the site's HTML error page."""
    return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)


urlpatterns = [
    path("me/", MeView.as_view(), name="api-me"),
    path("auth/token/", obtain_auth_token, name="api-token"),
    *router.urls,
    *(re_path(rf"^{prefix}/", not_found) for prefix, _viewset, _basename in router.registry),
]
