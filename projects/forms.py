from django import forms
from django.utils.translation import gettext_lazy as _

from core.models import ClientOrganisation, User
from core.widgets import DateInput
from projects.choices import MemberRole, Stage
from projects.models import Project


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = [
            "code",
            "name",
            "client",
            "site_address",
            "service_start",
            "service_end",
            "client_needs",
            "evaluation",
            "contract_signed_on",
            "plan_summary",
            "work_plan",
            "acceptance_date",
            "accepted_on",
        ]
        widgets = {
            "service_start": DateInput(),
            "service_end": DateInput(),
            "contract_signed_on": DateInput(),
            "acceptance_date": DateInput(),
            "accepted_on": DateInput(),
            "client_needs": forms.Textarea(attrs={"rows": 3}),
            "evaluation": forms.Textarea(attrs={"rows": 3}),
            "plan_summary": forms.Textarea(attrs={"rows": 3}),
            "work_plan": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = ClientOrganisation.objects.visible_to(user)
        if self.instance.pk:
            self.fields["code"].disabled = True


class ProjectFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    stage = forms.ChoiceField(label=_("Stage"), required=False, choices=[("", _("All stages")), *Stage.choices])
    client = forms.ModelChoiceField(
        label=_("Client"),
        required=False,
        queryset=ClientOrganisation.objects.none(),
        empty_label=_("All clients"),
    )
    overdue = forms.BooleanField(label=_("Overdue in stage"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = ClientOrganisation.objects.visible_to(user)


class TransitionForm(forms.Form):
    target = forms.ChoiceField(choices=Stage.choices)
    expected_source = forms.ChoiceField(choices=Stage.choices)
    comment = forms.CharField(
        label=_("Opinion / comment"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MemberForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Person"), queryset=User.objects.filter(client_organisation__isnull=True, is_active=True)
    )
    role = forms.ChoiceField(label=_("Role on the project"), choices=MemberRole.choices)
