from rest_framework.permissions import BasePermission, DjangoModelPermissions


class ModelPermissions(DjangoModelPermissions):
    """Django model permissions, including ``view`` for reads (DRF's default lets any user read)."""

    perms_map = {
        **DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
    }


class IsOrganisationStaff(BasePermission):
    """Signed-in people of the organisation, not clients' users."""

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and not user.client_organisation_id)


class ViewPermission(ModelPermissions):
    """Only the model's ``view`` permission, whatever the method: for workflow actions (POST) whose own
    permission is checked by the transition service, with a clause-citing 403."""

    def has_permission(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return False
        queryset = self._queryset(view)
        return request.user.has_perm(f"{queryset.model._meta.app_label}.view_{queryset.model._meta.model_name}")
