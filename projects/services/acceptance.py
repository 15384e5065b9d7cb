"""Acceptance commands (3.5): agree the time and manner, prepare and send the package in rounds, the client's
decision, rectification after a rejection, the handover."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.models.attachments import attachment_add
from core.notifications import notify
from core.roles import require_permission as _require
from core.workflow import cite, transition_perform
from projects.choices import AcceptanceDue, AcceptanceStatus, HandoverCategory, Stage
from projects.models import (
    AcceptanceArrangement,
    AcceptanceRound,
    Handover,
    HandoverItem,
    Project,
    RectificationNotice,
)

# The stages in which the time and manner of acceptance can be agreed: the project is operating and nearing its end.
ARRANGEABLE_STAGES = (Stage.EXECUTION, Stage.SUPERVISION, Stage.ACCEPTANCE)

# The handover checklist every project starts with (3.5.3; the client information of 5.3.4 among it).
DEFAULT_HANDOVER_ITEMS = (
    (HandoverCategory.DOCUMENTS, gettext_lazy("Operations records, reports and the supervision archive")),
    (HandoverCategory.EQUIPMENT, gettext_lazy("Equipment and facilities, with their maintenance records")),
    (HandoverCategory.ACCOUNTS, gettext_lazy("Accounts, keys and access rights")),
    (HandoverCategory.CLIENT_INFORMATION, gettext_lazy("Client information and contacts")),
    (HandoverCategory.MATERIALS, gettext_lazy("Remaining work materials")),
)

PACKAGE_FIELDS = ("operations_report", "quality_report", "satisfaction_results")


def is_due_for_acceptance(project: Project, today=None) -> bool:
    """Whether the service period ends within ``settings.ACCEPTANCE_NOTICE_DAYS`` (3.5.1)."""
    today = today or timezone.localdate()
    return bool(project.service_end) and (project.service_end - today).days <= settings.ACCEPTANCE_NOTICE_DAYS


def contract_acceptance_conditions(project) -> list:
    """The acceptance conditions stated in the project's contracts in force (3.5.1 reads them), as
    (contract number, conditions) pairs."""
    from contracts.models import Contract

    rows = (Contract.objects.in_force().filter(project=project).exclude(acceptance_conditions="")
            .order_by("signed_on", "id").values_list("number", "acceptance_conditions"))  # fmt: skip
    return list(rows)


@transaction.atomic
def acceptance_arrange(*, actor, pk, due_reason: str, scheduled_for, manner: str, client_participants: str,
                       location: str = "", notes: str = "", conditions_note: str = ""):  # fmt: skip
    """Customer service records the time and manner of acceptance agreed with the client (3.5.1).

    The project must be due: its service period ends within the notice window, or the contract's acceptance
    conditions are met (then say which). It can be rescheduled until the client has accepted."""
    _require(actor, "projects.add_acceptancearrangement")
    project = Project.objects.locked_in_scope(actor, pk)
    if project.stage not in ARRANGEABLE_STAGES:
        raise ValidationError(cite("3.5.1", _("acceptance is arranged for a project in operation.")))
    if project.acceptance_rounds.filter(status=AcceptanceStatus.ACCEPTED).exists():
        raise ValidationError(cite("3.5.3", _("the client has already accepted this project.")))
    if due_reason == AcceptanceDue.SERVICE_ENDED and not is_due_for_acceptance(project):
        raise ValidationError(
            {
                "due_reason": cite(
                    "3.5.1",
                    _("the service period does not end within %(days)s days; record which acceptance conditions of "
                      "the contract are met instead.") % {"days": settings.ACCEPTANCE_NOTICE_DAYS},
                )
            }
        )  # fmt: skip
    if due_reason == AcceptanceDue.CONDITIONS_MET:
        if not contract_acceptance_conditions(project):
            raise ValidationError({"due_reason": cite("3.5.1", _(
                "the project's signed contract states no acceptance conditions; acceptance is due when the service "
                "period ends."))})  # fmt: skip
        if not conditions_note.strip():
            raise ValidationError({"conditions_note": cite("3.5.1", _("say which acceptance conditions are met."))})
    if scheduled_for < timezone.localdate():
        raise ValidationError({"scheduled_for": _("The date of acceptance cannot be in the past.")})
    arrangement = AcceptanceArrangement.objects.filter(project=project).first() or AcceptanceArrangement(
        project=project
    )
    values = {"due_reason": due_reason, "scheduled_for": scheduled_for, "manner": manner, "location": location,
              "client_participants": client_participants, "notes": notes, "conditions_note": conditions_note,
              "agreed_by": actor, "agreed_at": timezone.now()}  # fmt: skip
    for name, value in values.items():
        setattr(arrangement, name, value)
    arrangement.full_clean()
    arrangement.save()
    return arrangement


@transaction.atomic
def acceptance_round_start(*, actor, pk) -> AcceptanceRound:
    """Open the next round's package (3.5.2). After a rejected round the reports are carried over to revise."""
    _require(actor, "projects.add_acceptanceround")
    project = Project.objects.locked_in_scope(actor, pk)
    if project.stage != Stage.ACCEPTANCE:
        raise ValidationError(cite("3.5", _("the project is not in acceptance.")))
    rounds = project.acceptance_rounds.all()
    if rounds.filter(status=AcceptanceStatus.ACCEPTED).exists():
        raise ValidationError(cite("3.5.3", _("the client has already accepted this project.")))
    if rounds.filter(status__in=[AcceptanceStatus.PREPARING, AcceptanceStatus.SUBMITTED]).exists():
        raise ValidationError(cite("3.5.2", _("a round of acceptance is already open.")))
    previous = rounds.order_by("-number").first()
    new = AcceptanceRound(project=project, number=previous.number + 1 if previous else 1)
    if previous is not None:
        for name in PACKAGE_FIELDS:
            setattr(new, name, getattr(previous, name))
    else:
        from projects.selectors import satisfaction_summary

        # The satisfaction surveys' results start the third report; the groups complete it (3.5.2).
        new.satisfaction_results = satisfaction_summary(project)
    new.full_clean()
    new.save()
    return new


@transaction.atomic
def acceptance_package_save(*, actor, round_pk, files=(), **fields) -> AcceptanceRound:
    """Write the package's reports: operations, quality assessment, customer satisfaction (3.5.2). Only while the
    round is in preparation: what went to the client is kept as it was."""
    _require(actor, "projects.change_acceptanceround")
    round_ = AcceptanceRound.objects.locked_in_scope(actor, round_pk)
    if round_.status != AcceptanceStatus.PREPARING:
        raise ValidationError(cite("3.5.2", _("the package is with the client; withdraw it to change it.")))
    for name in PACKAGE_FIELDS:
        if name in fields:
            setattr(round_, name, fields[name])
    round_.full_clean()
    round_.save()
    for upload in files:
        attachment_add(actor=actor, obj=round_, upload=upload)
    return round_


def acceptance_transition(*, actor, round_pk, target: str, comment: str = "", expected_source=None,
                          signer_name: str = "", signer_position: str = "", signer_confirmed: bool = False,
                          client_evaluation: str = "", problems: str = "") -> AcceptanceRound:  # fmt: skip
    """Send the package (staff), withdraw it, or the client's decision: accept with a sign-off, or reject listing
    the problems. A rejection issues one rectification notice per problem to the person who sent the package, who
    follows it up until the inspector verifies it (3.5.3); the next round can go out only then."""
    from projects.workflows import ACCEPTANCE_WORKFLOW

    fields = {}
    if target == AcceptanceStatus.ACCEPTED:
        fields = {
            "signer_name": signer_name.strip(),
            "signer_position": signer_position.strip(),
            "signer_confirmed": bool(signer_confirmed),
            "client_evaluation": client_evaluation.strip(),
        }
    elif target == AcceptanceStatus.REJECTED:
        fields = {"problems": problems.strip(), "client_evaluation": client_evaluation.strip()}
    with transaction.atomic():
        round_ = transition_perform(workflow=ACCEPTANCE_WORKFLOW, pk=round_pk, target=target, actor=actor,
                                    comment=comment, expected_source=expected_source, fields=fields)  # fmt: skip
        if round_.status == AcceptanceStatus.REJECTED:
            _rectify_rejection(round_)
        elif round_.status == AcceptanceStatus.ACCEPTED:
            handover_open(round_.project)
    return round_


def _rectify_rejection(round_: AcceptanceRound) -> None:
    deadline = timezone.localdate() + timezone.timedelta(days=settings.ACCEPTANCE_RECTIFICATION_DAYS)
    responsible = round_.submitted_by
    notices = []
    for line in round_.problem_lines:
        notice = RectificationNotice(project=round_.project, acceptance_round=round_, finding=line,
                                     requirement=_("Rectify before the package is sent again (acceptance round "
                                                   "%(number)s).") % {"number": round_.number},
                                     responsible=responsible, deadline=deadline, issued_by=responsible)  # fmt: skip
        notice.full_clean()
        notice.save()
        notices.append(notice)
    notify(recipients=[responsible], title=gettext_lazy("Acceptance not passed: %(count)s problems to rectify"),
           body=gettext_lazy("Round %(number)s of %(project)s. Deadline %(deadline)s."),
           params={"count": len(notices), "number": round_.number, "project": round_.project.code,
                   "deadline": deadline},
           url=round_.get_absolute_url(), clause="3.5.3")  # fmt: skip


def handover_open(project: Project) -> Handover:
    """The handover of an accepted project, with the default checklist (idempotent)."""
    handover, created = Handover.objects.get_or_create(project=project)
    if created:
        for category, description in DEFAULT_HANDOVER_ITEMS:
            HandoverItem.objects.create(handover=handover, category=category, description=str(description))
    return handover


@transaction.atomic
def handover_item_add(*, actor, handover_pk, category: str, description: str) -> HandoverItem:
    """Add something to hand over beyond the default checklist."""
    _require(actor, "projects.complete_handover")
    handover = Handover.objects.locked_in_scope(actor, handover_pk)
    if handover.completed_at:
        raise ValidationError(cite("3.5.3", _("the handover is completed.")))
    item = HandoverItem(handover=handover, category=category, description=description)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def handover_item_check(*, actor, item_pk, done: bool, note: str = "") -> HandoverItem:
    """Tick off (or untick) one item of the handover checklist."""
    _require(actor, "projects.complete_handover")
    visible = Handover.objects.visible_to(actor).values("pk")
    item = HandoverItem.objects.select_for_update().filter(handover__in=visible, pk=item_pk).first()
    if item is None:
        from django.http import Http404

        raise Http404
    if item.handover.completed_at:
        raise ValidationError(cite("3.5.3", _("the handover is completed.")))
    item.done, item.note = done, note
    item.checked_by, item.checked_at = (actor, timezone.now()) if done else (None, None)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def handover_complete(*, actor, handover_pk, handed_over_on, client_representative: str, record: str) -> Handover:
    """Record the handover formalities (3.5.3): every item handed over, who took part, the record."""
    _require(actor, "projects.complete_handover")
    handover = Handover.objects.locked_in_scope(actor, handover_pk)
    if handover.completed_at:
        raise ValidationError(cite("3.5.3", _("the handover is completed.")))
    if not handover.project.acceptance_rounds.filter(status=AcceptanceStatus.ACCEPTED).exists():
        raise ValidationError(cite("3.5.3", _("handover follows the client's acceptance.")))
    pending = handover.items.filter(done=False).count()
    if pending or not handover.items.exists():
        raise ValidationError(
            cite("3.5.3", _("%(count)s items of the handover checklist are not handed over yet.") % {"count": pending})
        )
    if handed_over_on > timezone.localdate():
        raise ValidationError({"handed_over_on": _("The handover date cannot be in the future.")})
    handover.handed_over_on, handover.client_representative, handover.record = (
        handed_over_on,
        client_representative,
        record,
    )
    handover.our_representative, handover.completed_at = actor, timezone.now()
    if not client_representative.strip() or not record.strip():
        raise ValidationError(cite("3.5.3", _("the client's representative and the handover record are required.")))
    handover.full_clean()
    handover.save()
    return handover
