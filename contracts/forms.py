from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from contracts.choices import (
    ClauseKind,
    ContractStatus,
    ContractType,
    EvaluationRating,
    ObligationKind,
    ObligationStatus,
    Party,
)
from contracts.models import TERM_FIELDS, Contract
from core.models import ClientOrganisation, Department
from core.roles import permission_holders
from core.widgets import DateInput, MultipleFileField


def _textarea(rows=2):
    return forms.Textarea(attrs={"rows": rows})


class ContractForm(forms.ModelForm):
    class Meta:
        model = Contract
        fields = ["number", *TERM_FIELDS]
        widgets = {
            "service_start": DateInput(),
            "service_end": DateInput(),
            "service_content": _textarea(3),
            "fee_standard": _textarea(2),
            "payment_terms": _textarea(2),
            "rights_obligations": _textarea(3),
            "acceptance_conditions": _textarea(2),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["number"].disabled = True
        self.fields["amount"].required = True
        self.fields["amount"].help_text = _("In CNY. It decides who approves the contract (8.1.3).")


class AmendmentForm(forms.ModelForm):
    """An amendment: a new number and the terms as they will read after the change (8.2.3)."""

    class Meta(ContractForm.Meta):
        fields = ["number", *[f for f in TERM_FIELDS if f != "contract_type"]]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"].required = True
        self.fields["amount"].help_text = _("The amount after the change. It decides who approves (8.1.3).")


class DocumentsForm(forms.Form):
    files = MultipleFileField(label=_("Documents"))
    description = forms.CharField(label=_("Description"), required=False, max_length=300)


class ClauseForm(forms.Form):
    party = forms.ChoiceField(label=_("Party"), choices=Party.choices)
    kind = forms.ChoiceField(label=_("Kind"), choices=ClauseKind.choices, initial=ClauseKind.OBLIGATION)
    text = forms.CharField(label=_("Clause"), max_length=4000, widget=_textarea(2))


class TransitionForm(forms.Form):
    target = forms.ChoiceField(choices=ContractStatus.choices)
    expected_source = forms.ChoiceField(choices=ContractStatus.choices)
    comment = forms.CharField(label=_("Opinion"), required=False, max_length=4000, widget=_textarea())


class ReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[("passed", _("Pass: lawful, clear, risk controlled")), ("returned", _("Return for revision"))],
        widget=forms.RadioSelect,
    )
    lawful = forms.BooleanField(label=_("Lawful and compliant"), required=False)
    obligations_clear = forms.BooleanField(label=_("Rights and obligations are clear"), required=False)
    risk_controlled = forms.BooleanField(label=_("Risk is controlled"), required=False)
    opinion = forms.CharField(label=_("Opinion"), max_length=4000, widget=_textarea(3))
    required_changes = forms.CharField(label=_("Required changes"), required=False, max_length=4000,
                                       widget=_textarea(3))  # fmt: skip


class SignForm(forms.Form):
    signed_on = forms.DateField(label=_("Signed on"), widget=DateInput())
    client_signatory = forms.CharField(label=_("Signed for the client by"), max_length=120)
    client_signed_on = forms.DateField(label=_("The client signed on"), required=False, widget=DateInput(),
                                       help_text=_("Empty: the same day."))  # fmt: skip
    signed_copy = forms.FileField(label=_("Signed copy (scan)"), required=False)
    comment = forms.CharField(label=_("Comment"), required=False, max_length=4000, widget=_textarea())


class TerminateForm(forms.Form):
    terminated_on = forms.DateField(label=_("Terminated with effect from"), widget=DateInput())
    reason = forms.CharField(label=_("Reason for termination"), max_length=4000, widget=_textarea(3))
    legal_basis = forms.CharField(
        label=_("Legal basis"), max_length=4000, widget=_textarea(2),
        help_text=_("The contract clause or the law that allows the termination."),
    )  # fmt: skip


class NoticeSendForm(forms.Form):
    sent_on = forms.DateField(label=_("Sent on"), widget=DateInput())
    sent_via = forms.CharField(label=_("Sent by way of"), max_length=120,
                               help_text=_("e.g. registered mail, courier, e-mail with receipt"))  # fmt: skip


class NoticeAcknowledgeForm(forms.Form):
    name = forms.CharField(label=_("Acknowledged by (name)"), max_length=120)
    acknowledged_on = forms.DateField(label=_("Acknowledged on"), required=False, widget=DateInput(),
                                      help_text=_("Empty: today."))  # fmt: skip


def _money_field(label, required=True):
    return forms.DecimalField(label=label, required=required, max_digits=14, decimal_places=2,
                              min_value=Decimal("0.01"))  # fmt: skip


class ObligationForm(forms.Form):
    party = forms.ChoiceField(label=_("Party"), choices=Party.choices, initial=Party.OURS)
    kind = forms.ChoiceField(label=_("Kind"), choices=ObligationKind.choices, initial=ObligationKind.OBLIGATION)
    description = forms.CharField(label=_("Description"), max_length=300)
    amount = _money_field(_("Amount (payments)"), required=False)
    due_on = forms.DateField(label=_("Due date"), widget=DateInput())
    department = forms.ModelChoiceField(label=_("Responsible department"), required=False,
                                        queryset=Department.objects.all())  # fmt: skip
    responsible = forms.ModelChoiceField(label=_("Responsible person"), required=False, queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = permission_holders("contracts.change_obligation")


class FulfilForm(forms.Form):
    done_on = forms.DateField(label=_("Fulfilled on"), required=False, widget=DateInput(),
                              help_text=_("Empty: today."))  # fmt: skip
    note = forms.CharField(label=_("How it was fulfilled"), max_length=4000, widget=_textarea())


class EvaluationForm(forms.Form):
    period_start = forms.DateField(label=_("Period from"), widget=DateInput())
    period_end = forms.DateField(label=_("Period to"), widget=DateInput())
    rating = forms.ChoiceField(label=_("Assessment"), choices=EvaluationRating.choices)
    findings = forms.CharField(label=_("What was found"), max_length=4000, widget=_textarea(3))
    measures = forms.CharField(label=_("Measures"), required=False, max_length=4000, widget=_textarea(2),
                               help_text=_("Required when problems were found (8.2.2)."))  # fmt: skip


class InvoiceForm(forms.Form):
    number = forms.CharField(label=_("Invoice number"), max_length=40)
    amount = _money_field(_("Amount"))
    issued_on = forms.DateField(label=_("Issued on"), widget=DateInput())
    due_on = forms.DateField(label=_("Payment due on"), required=False, widget=DateInput())
    received_on = forms.DateField(label=_("Received on"), required=False, widget=DateInput())


class ArchiveForm(forms.Form):
    archive_number = forms.CharField(label=_("Archive number"), max_length=40)
    location = forms.CharField(label=_("Physical location"), max_length=200,
                               help_text=_("e.g. archive room 2, cabinet B, shelf 3"))  # fmt: skip
    custodian = forms.ModelChoiceField(label=_("Custodian"), queryset=None)
    upload = forms.FileField(label=_("Electronic copy"), required=False,
                             help_text=_("Empty: the signed copy recorded at signing."))  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["custodian"].queryset = permission_holders("contracts.change_archiverecord")


class BorrowForm(forms.Form):
    purpose = forms.CharField(label=_("Purpose"), max_length=300)
    due_back = forms.DateField(label=_("To be returned by"), widget=DateInput())


class BorrowDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("lend", _("Lend out")), ("refuse", _("Refuse")), ("return", _("Returned"))])
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class AuthorisationForm(forms.Form):
    number = forms.CharField(label=_("Authorisation number"), max_length=40)
    grantee = forms.ModelChoiceField(label=_("Delegate"), queryset=None)
    contract_types = forms.MultipleChoiceField(label=_("Contract types"), choices=ContractType.choices,
                                               widget=forms.CheckboxSelectMultiple)  # fmt: skip
    max_amount = _money_field(_("Maximum amount"))
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput())
    valid_until = forms.DateField(label=_("Valid until"), widget=DateInput())
    scope_note = forms.CharField(label=_("Scope and conditions"), required=False, max_length=4000,
                                 widget=_textarea())  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grantee"].queryset = permission_holders("contracts.sign_contract")


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason for revocation"), max_length=300)


EXPIRY_CHOICES = [("", _("Any end date")), ("30", _("Ending within 30 days")), ("60", _("Ending within 60 days")),
                  ("90", _("Ending within 90 days")), ("notice", _("In the notice window"))]  # fmt: skip


class ContractFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All statuses")), *ContractStatus.choices])  # fmt: skip
    contract_type = forms.ChoiceField(label=_("Type"), required=False,
                                      choices=[("", _("All types")), *ContractType.choices])  # fmt: skip
    client = forms.ModelChoiceField(label=_("Client"), required=False, queryset=ClientOrganisation.objects.none(),
                                    empty_label=_("All clients"))  # fmt: skip
    expiring = forms.ChoiceField(label=_("Service period"), required=False, choices=EXPIRY_CHOICES)
    amendments = forms.ChoiceField(label=_("Amendments"), required=False,
                                   choices=[("", _("Contracts and amendments")), ("no", _("Original contracts only")),
                                            ("yes", _("Amendments only"))])  # fmt: skip

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = ClientOrganisation.objects.visible_to(user).order_by("name")


class ObligationFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False,
        choices=[("", _("All")), ("overdue", _("Overdue")), *ObligationStatus.choices],
    )  # fmt: skip
    party = forms.ChoiceField(label=_("Party"), required=False, choices=[("", _("Both parties")), *Party.choices])
    mine = forms.BooleanField(label=_("Mine only"), required=False)
