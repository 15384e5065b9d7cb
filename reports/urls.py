from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("", views.ReportsView.as_view(), name="index"),
    path("verify/", views.VerifyView.as_view(), name="verify"),
    path("exports/<int:pk>/status/", views.ExportStatusView.as_view(), name="status"),
    path("exports/<int:pk>/download/", views.ExportDownloadView.as_view(), name="download"),
    path("<slug:key>/", views.ExportRequestView.as_view(), name="request"),
]
