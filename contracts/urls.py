from django.urls import path

from contracts import views

app_name = "contracts"
urlpatterns = [
    path("", views.ContractListView.as_view(), name="list"),
    path("new/", views.ContractCreateView.as_view(), name="create"),
    path("<int:pk>/", views.ContractDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.ContractUpdateView.as_view(), name="update"),
    path("<int:pk>/amend/", views.AmendmentCreateView.as_view(), name="amend"),
    path("<int:pk>/versions/<int:number>/", views.VersionDetailView.as_view(), name="version"),
    path("<int:pk>/clauses/", views.ClauseAddView.as_view(), name="clause-add"),
    path("<int:pk>/documents/", views.DocumentsAddView.as_view(), name="documents-add"),
    path("<int:pk>/clauses/<int:clause_pk>/remove/", views.ClauseRemoveView.as_view(), name="clause-remove"),
    path("<int:pk>/transition/", views.TransitionView.as_view(), name="transition"),
    path("<int:pk>/review/", views.ReviewView.as_view(), name="review"),
    path("<int:pk>/sign/", views.SignView.as_view(), name="sign"),
    path("<int:pk>/terminate/", views.TerminateView.as_view(), name="terminate"),
    path("<int:pk>/notice/send/", views.NoticeSendView.as_view(), name="notice-send"),
    path("<int:pk>/notice/acknowledge/", views.NoticeAcknowledgeView.as_view(), name="notice-acknowledge"),
    path("<int:pk>/obligations/", views.ObligationAddView.as_view(), name="obligation-add"),
    path("<int:pk>/obligations/<int:obligation_pk>/fulfil/", views.ObligationFulfilView.as_view(), name="fulfil"),
    path("<int:pk>/evaluations/", views.EvaluationAddView.as_view(), name="evaluation-add"),
    path("<int:pk>/invoices/", views.InvoiceAddView.as_view(), name="invoice-add"),
    path("<int:pk>/archive/", views.ArchiveCreateView.as_view(), name="archive"),
    path("obligations/", views.ObligationListView.as_view(), name="obligations"),
    path("archive/", views.ArchiveListView.as_view(), name="archive-list"),
    path("archive/<int:pk>/", views.ArchiveDetailView.as_view(), name="archive-detail"),
    path("archive/<int:pk>/copy/", views.ArchiveCopyView.as_view(), name="archive-copy"),
    path("archive/<int:pk>/borrow/", views.BorrowView.as_view(), name="borrow"),
    path("archive/<int:pk>/borrowings/<int:borrowing_pk>/", views.BorrowDecideView.as_view(), name="borrow-decide"),
    path("authorisations/", views.AuthorisationListView.as_view(), name="authorisations"),
    path("authorisations/new/", views.AuthorisationCreateView.as_view(), name="authorisation-create"),
    path("authorisations/<int:pk>/revoke/", views.AuthorisationRevokeView.as_view(), name="authorisation-revoke"),
]
