from django.contrib.auth import views as auth_views
from django.urls import path

from core import lookup, views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("dashboard/panels/<slug:key>/", views.DashboardPanelView.as_view(), name="dashboard-panel"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("notifications/", views.NotificationListView.as_view(), name="notifications"),
    path("notifications/bell/", views.NotificationBellView.as_view(), name="notification-bell"),
    path("notifications/read/", views.NotificationMarkReadView.as_view(), name="notifications-read-all"),
    path("notifications/<int:pk>/read/", views.NotificationMarkReadView.as_view(), name="notification-read"),
    path("audit/", views.AuditEventListView.as_view(), name="audit-list"),
    path("audit/<int:pk>/", views.AuditEventDetailView.as_view(), name="audit-detail"),
    path("policy/", views.PolicyView.as_view(), name="policy"),
    path("jobs/", views.JobListView.as_view(), name="jobs"),
    path("jobs/run/", views.JobRunNowView.as_view(), name="job-run"),
    path("attachments/<int:pk>/", views.AttachmentDownloadView.as_view(), name="attachment"),
    path("lookup/<slug:kind>/", lookup.lookup, name="lookup"),
    path("healthz/", views.healthz, name="healthz"),
]
