"""Signing authorisations (8.1.1): the legal representative, the delegates and their scope."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, ListView

from contracts import services
from contracts.forms import AuthorisationForm, RevokeForm
from contracts.models import Authorisation, LegalRepresentative, is_legal_representative
from core.exports import ExportMixin
from core.mixins import InlinePostMixin, apply_validation_error


class AuthorisationListView(LoginRequiredMixin, PermissionRequiredMixin, ExportMixin, ListView):
    permission_required = "contracts.view_authorisation"
    template_name = "contracts/authorisation_list.html"
    context_object_name = "authorisations"
    paginate_by = 50

    def get_queryset(self):
        return Authorisation.objects.visible_to(self.request.user).select_related("grantee", "granted_by",
                                                                                   "revoked_by")  # fmt: skip

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        ctx = super().get_context_data(**kwargs)
        for a in ctx["authorisations"]:
            a.status_today = a.status_on(today)
        is_rep = is_legal_representative(self.request.user, today)
        return {**ctx, "today": today,
                "representatives": LegalRepresentative.objects.visible_to(self.request.user).select_related("user"),
                "can_grant": is_rep and self.request.user.has_perm("contracts.add_authorisation"),
                "can_revoke": is_rep and self.request.user.has_perm("contracts.change_authorisation"),
                "revoke_form": RevokeForm()}  # fmt: skip


class AuthorisationCreateView(LoginRequiredMixin, PermissionRequiredMixin, FormView):
    """The legal representative authorises a delegate to sign (8.1.1)."""

    permission_required = "contracts.add_authorisation"
    template_name = "contracts/authorisation_form.html"
    form_class = AuthorisationForm

    def get_initial(self):
        today = timezone.localdate()
        count = Authorisation.objects.filter(created_at__year=today.year).count() + 1
        return {"number": f"SQ-{today.year}-{count:03d}", "valid_from": today,
                "valid_until": today.replace(year=today.year + 1) if not (today.month == 2 and today.day == 29)
                else today.replace(year=today.year + 1, day=28), "contract_types": ["service"]}  # fmt: skip

    def form_valid(self, form):
        try:
            authorisation = services.authorisation_grant(actor=self.request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Authorisation %(number)s granted to %(grantee)s.")
                         % {"number": authorisation.number, "grantee": authorisation.grantee})  # fmt: skip
        return redirect("contracts:authorisations")


class AuthorisationRevokeView(LoginRequiredMixin, PermissionRequiredMixin, InlinePostMixin, View):
    permission_required = "contracts.change_authorisation"
    form_class = RevokeForm
    success = gettext_lazy("Authorisation revoked from today.")

    def back_url(self) -> str:
        return reverse("contracts:authorisations")

    def call(self, data):
        return services.authorisation_revoke(actor=self.request.user, pk=self.kwargs["pk"], **data)
