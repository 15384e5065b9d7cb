from django import forms
from django.utils.translation import gettext_lazy as _

from contracts.choices import ContractStatus
from contracts.models import Contract
from core.widgets import DateInput


class ContractForm(forms.ModelForm):
    class Meta:
        model = Contract
        fields = ["number", "title", "service_content", "fee_standard", "amount", "service_start", "service_end",
                  "rights_obligations", "response_hours"]  # fmt: skip
        widgets = {
            "service_start": DateInput(),
            "service_end": DateInput(),
            "service_content": forms.Textarea(attrs={"rows": 3}),
            "fee_standard": forms.Textarea(attrs={"rows": 2}),
            "rights_obligations": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["number"].disabled = True


class SignForm(forms.Form):
    signed_on = forms.DateField(label=_("Signed on"), widget=DateInput())
    client_signatory = forms.CharField(label=_("Signed for the client by"), max_length=120)
    comment = forms.CharField(label=_("Comment"), required=False, max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip


class ContractFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All statuses")), *ContractStatus.choices])  # fmt: skip
