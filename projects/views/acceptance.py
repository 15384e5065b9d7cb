"""Acceptance pages (3.5): the time and manner agreed with the client, the package in rounds, the client's sign-off
or rejection in its portal, the rectification that follows a rejection, and the handover."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from core.mixins import apply_validation_error, run_command
from core.models import Approval, Attachment
from core.views import object_audit_trail
from projects import services
from projects.choices import AcceptanceStatus, Stage
from projects.forms import (
    AcceptanceTransitionForm,
    ArrangementForm,
    HandoverCheckForm,
    HandoverCompleteForm,
    HandoverItemForm,
    PackageForm,
)
from projects.models import AcceptanceArrangement, AcceptanceRound, Handover, RectificationNotice
from projects.services.acceptance import ARRANGEABLE_STAGES, contract_acceptance_conditions, is_due_for_acceptance
from projects.services.supervision import BEFORE_OPERATION
from projects.views.intake import ProjectScopedMixin, _InlineAddView
from projects.workflows import ACCEPTANCE_WORKFLOW

__all__ = [
    "AcceptanceRoundDetailView",
    "AcceptanceRoundStartView",
    "AcceptanceRoundTransitionView",
    "AcceptanceView",
    "ArrangementView",
    "HandoverCompleteView",
    "HandoverItemAddView",
    "HandoverItemCheckView",
    "PackageEditView",
]


_NOT_FETCHED = object()


def _fetched_along(project, name: str):
    """The project's one-to-one ``name`` record (None if it has none) when the project was read with it
    (``select_related``, as the project page does), else ``_NOT_FETCHED``. Both records are client-facing and follow
    the project's scope, so a project the user may see shows them as ``visible_to`` would."""
    descriptor = getattr(type(project), name)
    if not descriptor.is_cached(project):
        return _NOT_FETCHED
    return descriptor.related.get_cached_value(project)


def acceptance_context(project, user) -> dict:
    """What the project page and the acceptance page show of acceptance (3.5), for staff and the client alike."""
    if not user.has_perm("projects.view_acceptanceround"):
        return {"show_acceptance": False}
    arrangement = _fetched_along(project, "acceptance_arrangement")
    if arrangement is _NOT_FETCHED:
        arrangement = (
            AcceptanceArrangement.objects.visible_to(user).filter(project=project).select_related("agreed_by").first()
        )
    rounds = []
    if project.stage not in BEFORE_OPERATION:  # rounds start in acceptance (3.5.2)
        rounds = list(
            AcceptanceRound.objects.visible_to(user)
            .filter(project=project)
            .select_related("submitted_by", "decided_by")
            .order_by("-number")
        )
    handover = _fetched_along(project, "handover")
    if handover is _NOT_FETCHED:
        handover = (
            Handover.objects.visible_to(user).filter(project=project).select_related("our_representative").first()
        )
    open_round = next((r for r in rounds if r.status in (AcceptanceStatus.PREPARING, AcceptanceStatus.SUBMITTED)), None)
    accepted = next((r for r in rounds if r.status == AcceptanceStatus.ACCEPTED), None)
    staff = not user.client_organisation_id
    return {
        "show_acceptance": project.stage in (*ARRANGEABLE_STAGES, Stage.CLOSED) or bool(rounds),
        "arrangement": arrangement,
        "acceptance_rounds": rounds,
        "open_round": open_round,
        "accepted_round": accepted,
        "handover": handover,
        "due_for_acceptance": staff and project.stage in ARRANGEABLE_STAGES and is_due_for_acceptance(project),
        "can_arrange": staff
        and user.has_perm("projects.add_acceptancearrangement")
        and project.stage in ARRANGEABLE_STAGES
        and accepted is None,
        "can_start_round": staff
        and user.has_perm("projects.add_acceptanceround")
        and project.stage == Stage.ACCEPTANCE
        and open_round is None
        and accepted is None,
    }


class AcceptanceView(ProjectScopedMixin, TemplateView):
    """The project's acceptance: arrangement (3.5.1), rounds (3.5.2–3.5.3) and handover (3.5.3)."""

    permission_required = "projects.view_acceptanceround"
    template_name = "projects/acceptance.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        ctx = {**super().get_context_data(**kwargs), "project": self.project, **acceptance_context(self.project, user)}
        handover = ctx["handover"]
        can_hand_over = bool(handover) and not handover.completed_at and user.has_perm("projects.complete_handover")
        ctx.update(
            handover_items=handover.items.select_related("checked_by") if handover else [],
            can_hand_over=can_hand_over,
            handover_item_form=HandoverItemForm() if can_hand_over else None,
            handover_complete_form=HandoverCompleteForm(initial={"handed_over_on": timezone.localdate()})
            if can_hand_over
            else None,
        )
        return ctx


class ArrangementView(ProjectScopedMixin, FormView):
    """Customer service records the time and manner of acceptance agreed with the client (3.5.1)."""

    permission_required = "projects.add_acceptancearrangement"
    template_name = "projects/acceptance_arrangement_form.html"
    form_class = ArrangementForm

    @cached_property
    def arrangement(self):
        return AcceptanceArrangement.objects.visible_to(self.request.user).filter(project=self.project).first()

    def get_initial(self):
        a = self.arrangement
        if a is None:
            return {"due_reason": "service_ended" if is_due_for_acceptance(self.project) else "conditions_met"}
        fields = ("due_reason", "conditions_note", "scheduled_for", "manner", "location", "client_participants",
                  "notes")  # fmt: skip
        return {name: getattr(a, name) for name in fields}

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "project": self.project,
            "arrangement": self.arrangement,
            "due_for_acceptance": is_due_for_acceptance(self.project),
            "contract_conditions": contract_acceptance_conditions(self.project),
        }

    def form_valid(self, form):
        try:
            services.acceptance_arrange(actor=self.request.user, pk=self.project.pk, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The time and manner of acceptance are recorded."))
        return redirect("projects:acceptance", pk=self.project.pk)


class AcceptanceRoundStartView(ProjectScopedMixin, View):
    """POST only: open the next round's package (3.5.2)."""

    permission_required = "projects.add_acceptanceround"

    def post(self, request, pk):
        back = reverse("projects:acceptance", args=[self.project.pk])
        try:
            round_ = services.acceptance_round_start(actor=request.user, pk=self.project.pk)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect(back)
        messages.success(request, _("Round %(number)s of acceptance opened.") % {"number": round_.number})
        return redirect(round_)


class _RoundMixin(ProjectScopedMixin):
    @cached_property
    def round(self) -> AcceptanceRound:
        return get_object_or_404(
            AcceptanceRound.objects.visible_to(self.request.user)
            .filter(project=self.project)
            .select_related("submitted_by", "decided_by"),
            pk=self.kwargs["round_pk"],
        )


class AcceptanceRoundDetailView(_RoundMixin, TemplateView):
    """One round: the package with its digest, what the client decided, the rectification that followed."""

    permission_required = "projects.view_acceptanceround"
    template_name = "projects/acceptance_round.html"

    def get_context_data(self, **kwargs):
        user, round_ = self.request.user, self.round
        staff = not user.client_organisation_id
        options = ACCEPTANCE_WORKFLOW.options(round_, user)
        client_options = {o["transition"].target: o for o in options} if not staff else {}
        return {
            **super().get_context_data(**kwargs),
            "project": self.project,
            "round": round_,
            "staff_view": staff,
            "options": options if staff else [],
            "accept_option": client_options.get(AcceptanceStatus.ACCEPTED),
            "reject_option": client_options.get(AcceptanceStatus.REJECTED),
            "decision_form": AcceptanceTransitionForm(),
            "attachments": Attachment.objects.for_object(round_).select_related("uploaded_by"),
            "rectifications": RectificationNotice.objects.visible_to(user)
            .filter(acceptance_round=round_)
            .select_related("responsible"),
            "can_edit_package": staff
            and round_.status == AcceptanceStatus.PREPARING
            and user.has_perm("projects.change_acceptanceround"),
            "approvals": Approval.objects.for_object(round_).select_related("approver"),
            "audit_events": object_audit_trail(round_, user=user),
        }


class PackageEditView(_RoundMixin, FormView):
    """Write the package's reports and attach documents (3.5.2), while the round is in preparation."""

    permission_required = "projects.change_acceptanceround"
    template_name = "projects/acceptance_package_form.html"
    form_class = PackageForm

    def get_initial(self):
        return {name: getattr(self.round, name) for name in services.acceptance.PACKAGE_FIELDS}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "project": self.project, "round": self.round}

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        data["files"] = data.get("files") or []
        try:
            services.acceptance_package_save(actor=self.request.user, round_pk=self.round.pk, **data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Acceptance package saved."))
        return redirect(self.round)


class AcceptanceRoundTransitionView(_RoundMixin, View):
    """POST only: send or withdraw the package (staff); accept with a sign-off or reject (the client)."""

    permission_required = "projects.view_acceptanceround"

    def post(self, request, pk, round_pk):
        form = AcceptanceTransitionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("The request was incomplete; nothing was changed."))
            return redirect(self.round)
        return run_command(
            request,
            lambda: services.acceptance_transition(actor=request.user, round_pk=self.round.pk, **form.cleaned_data),
            success=_("Acceptance round updated."),
            back=self.round.get_absolute_url(),
        )


class _HandoverView(_InlineAddView):
    """POST only: a handover command from a form on the acceptance page; back to its handover card."""

    permission_required = "projects.complete_handover"

    @cached_property
    def handover(self) -> Handover:
        return get_object_or_404(Handover.objects.visible_to(self.request.user), project=self.project)

    def back_url(self) -> str:
        return reverse("projects:acceptance", args=[self.project.pk]) + "#handover"


class HandoverItemAddView(_HandoverView):
    form_class = HandoverItemForm
    success = gettext_lazy("Item added to the handover checklist.")

    def call(self, data):
        return services.handover_item_add(actor=self.request.user, handover_pk=self.handover.pk, **data)


class HandoverItemCheckView(_HandoverView):
    form_class = HandoverCheckForm
    success = gettext_lazy("Handover checklist updated.")

    def call(self, data):
        item = get_object_or_404(self.handover.items, pk=self.kwargs["item_pk"])
        return services.handover_item_check(actor=self.request.user, item_pk=item.pk, **data)


class HandoverCompleteView(_HandoverView):
    form_class = HandoverCompleteForm
    success = gettext_lazy("Handover completed. The department head can now close the project (3.5.3).")

    def call(self, data):
        return services.handover_complete(actor=self.request.user, handover_pk=self.handover.pk, **data)
