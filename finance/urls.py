from django.urls import path

from finance import views

app_name = "finance"
urlpatterns = [
    path("", views.BudgetListView.as_view(), name="budgets"),
    path("budgets/new/", views.BudgetCreateView.as_view(), name="budget-create"),
    path("budgets/<int:pk>/", views.BudgetDetailView.as_view(), name="budget"),
    path("budgets/<int:pk>/lines/", views.BudgetLinesView.as_view(), name="budget-lines"),
    path("budgets/<int:pk>/assumptions/", views.BudgetAssumptionsView.as_view(), name="budget-assumptions"),
    path("budgets/<int:pk>/transition/", views.BudgetTransitionView.as_view(), name="budget-transition"),
    path("budgets/<int:pk>/actual/", views.BudgetVsActualView.as_view(), name="budget-actual"),
    path("budgets/<int:pk>/adjustments/new/", views.AdjustmentCreateView.as_view(), name="adjustment-create"),
    path("budgets/<int:pk>/adjustments/<int:adjustment_pk>/", views.AdjustmentDetailView.as_view(), name="adjustment"),
    path(
        "budgets/<int:pk>/adjustments/<int:adjustment_pk>/transition/",
        views.AdjustmentTransitionView.as_view(),
        name="adjustment-transition",
    ),
    path("revenue/", views.RevenueView.as_view(), name="revenue"),
    path("invoices/<int:pk>/receive/", views.InvoiceReceiveView.as_view(), name="invoice-receive"),
    path("costs/", views.CostListView.as_view(), name="costs"),
    path("costs/new/", views.CostRecordView.as_view(), name="cost-record"),
    path("claims/", views.ClaimListView.as_view(), name="claims"),
    path("claims/new/", views.ClaimCreateView.as_view(), name="claim-create"),
    path("claims/<int:pk>/", views.ClaimDetailView.as_view(), name="claim"),
    path("claims/<int:pk>/items/", views.ClaimItemAddView.as_view(), name="claim-item-add"),
    path("claims/<int:pk>/items/<int:item_pk>/remove/", views.ClaimItemRemoveView.as_view(), name="claim-item-remove"),
    path("claims/<int:pk>/receipts/", views.ClaimReceiptsView.as_view(), name="claim-receipts"),
    path("claims/<int:pk>/transition/", views.ClaimTransitionView.as_view(), name="claim-transition"),
    path("audits/", views.AuditListView.as_view(), name="audits"),
    path("audits/new/", views.AuditCreateView.as_view(), name="audit-create"),
    path("audits/<int:pk>/", views.AuditDetailView.as_view(), name="audit"),
    path("audits/<int:pk>/export/<str:what>/", views.AuditExportView.as_view(), name="audit-export"),
    path("audits/<int:pk>/findings/", views.FindingAddView.as_view(), name="finding-add"),
    path(
        "audits/<int:pk>/findings/<int:finding_pk>/respond/", views.FindingRespondView.as_view(), name="finding-respond"
    ),
    path("audits/<int:pk>/findings/<int:finding_pk>/close/", views.FindingCloseView.as_view(), name="finding-close"),
]
