"""The one API router: every app registers its viewsets here."""

from django.urls import path
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.routers import DefaultRouter

from core.api.views import (
    AuditEventViewSet,
    ClientOrganisationViewSet,
    MeView,
    NotificationViewSet,
    PolicyClauseViewSet,
)
from projects.api.views import ProjectViewSet

app_name = "api"
router = DefaultRouter()
router.register("projects", ProjectViewSet, basename="project")
router.register("clients", ClientOrganisationViewSet, basename="client")
router.register("audit-events", AuditEventViewSet, basename="auditevent")
router.register("notifications", NotificationViewSet, basename="notification")
router.register("policy-clauses", PolicyClauseViewSet, basename="policyclause")

urlpatterns = [
    path("me/", MeView.as_view(), name="api-me"),
    path("auth/token/", obtain_auth_token, name="api-token"),
    *router.urls,
]
