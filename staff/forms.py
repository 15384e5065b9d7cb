"""Staff forms (ch. 5): what the pages post to the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.widgets import DateInput
from staff.choices import Channel, DecisionKind, Dimension, HandoverKind


def _staff_users():
    from core.models import User

    return User.objects.filter(is_active=True, client_organisation__isnull=True).order_by("username")


def _departments():
    from core.models import Department

    return Department.objects.all()


class TransitionForm(forms.Form):
    target = forms.CharField(max_length=30)
    expected_source = forms.CharField(max_length=30)
    comment = forms.CharField(label=_("Opinion"), required=False, max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip


class ResignationTransitionForm(TransitionForm):
    handover_state = forms.CharField(label=_("Handover state"), required=False, max_length=4000,
                                     widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip


class EmployeeForm(forms.Form):
    user = forms.ModelChoiceField(label=_("User account"), queryset=None)
    number = forms.CharField(label=_("Employee number"), max_length=20)
    department = forms.ModelChoiceField(label=_("Department"), queryset=None)
    group = forms.ModelChoiceField(label=_("Group"), queryset=None, required=False)
    position = forms.CharField(label=_("Position"), max_length=120)
    hire_date = forms.DateField(label=_("Hire date"), widget=DateInput())
    manager = forms.ModelChoiceField(label=_("Manager"), queryset=None, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = _staff_users().filter(employee__isnull=True)
        self.fields["department"].queryset = self.fields["group"].queryset = _departments()
        self.fields["manager"].queryset = _staff_users()


class PlanForm(forms.Form):
    department = forms.ModelChoiceField(label=_("Department"), queryset=None)
    position = forms.CharField(label=_("Position"), max_length=120)
    headcount = forms.IntegerField(label=_("Headcount"), min_value=1, max_value=500)
    requirements = forms.CharField(label=_("Requirements"), max_length=8000, widget=forms.Textarea(attrs={"rows": 2}))
    justification = forms.CharField(label=_("Justification"), max_length=8000,
                                    widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = _departments()


class CandidateForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=120)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    referred_by = forms.ModelChoiceField(label=_("Referred by"), queryset=None, required=False,
                                         help_text=_("For an internal referral."))  # fmt: skip
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referred_by"].queryset = _staff_users()


class InterviewForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    notes = forms.CharField(label=_("Interview notes"), max_length=8000, widget=forms.Textarea(attrs={"rows": 2}))


class HireForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    number = forms.CharField(label=_("Employee number"), max_length=20)
    hire_date = forms.DateField(label=_("Hire date"), widget=DateInput())
    manager = forms.ModelChoiceField(label=_("Manager"), queryset=None, required=False)
    password = forms.CharField(label=_("Initial password"), max_length=128, strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                               help_text=_("Handed to the new hire, who changes it on the password page."))  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["manager"].queryset = _staff_users()


class OnboardingForm(forms.Form):
    completed_on = forms.DateField(label=_("Completed on"), required=False, widget=DateInput(),
                                   help_text=_("Empty: today."))  # fmt: skip


class SessionForm(forms.Form):
    topic = forms.CharField(label=_("Topic"), max_length=200)
    trainer = forms.CharField(label=_("Trainer"), max_length=120)
    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    description = forms.CharField(label=_("Description"), required=False, max_length=8000,
                                  widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip


class AttendanceForm(forms.Form):
    employees = forms.ModelMultipleChoiceField(label=_("Attendees"), queryset=None)

    def __init__(self, *args, **kwargs):
        from staff.models import Employee

        super().__init__(*args, **kwargs)
        self.fields["employees"].queryset = Employee.objects.exclude(status="left").select_related("user")


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(label=_("Rating"), coerce=int, choices=[(i, str(i)) for i in range(1, 6)])
    feedback = forms.CharField(label=_("Feedback"), required=False, max_length=4000,
                               widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip


class CycleForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    period_start = forms.DateField(label=_("Period from"), widget=DateInput())
    period_end = forms.DateField(label=_("Period to"), widget=DateInput())
    method = forms.CharField(label=_("Method"), max_length=8000, widget=forms.Textarea(attrs={"rows": 2}))


class IndicatorForm(forms.Form):
    dimension = forms.ChoiceField(label=_("Dimension"), choices=Dimension.choices)
    name = forms.CharField(label=_("Indicator"), max_length=200)
    weight = forms.DecimalField(label=_("Weight (%)"), min_value=0, max_value=100, max_digits=5, decimal_places=2)


class ScoresForm(forms.Form):
    """One score field per indicator of the cycle (score_<indicator pk>), and a comment."""

    comment = forms.CharField(label=pgettext_lazy("appraisal", "Comment"), required=False, max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip

    def __init__(self, *args, indicators, initial_scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        for indicator in indicators:
            self.fields[f"score_{indicator.pk}"] = forms.DecimalField(
                label=str(indicator), min_value=0, max_value=100, max_digits=5, decimal_places=2,
                initial=(initial_scores or {}).get(str(indicator.pk)))  # fmt: skip

    def scores(self) -> dict:
        return {key.removeprefix("score_"): value for key, value in self.cleaned_data.items()
                if key.startswith("score_")}  # fmt: skip


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=DecisionKind.choices)
    description = forms.CharField(label=_("Description"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))
    amount = forms.DecimalField(label=_("Amount (CNY)"), required=False, min_value=0, max_digits=12,
                                decimal_places=2)  # fmt: skip
    new_position = forms.CharField(label=_("New position"), required=False, max_length=120)
    appraisal = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput)


class ResignationForm(forms.Form):
    reason = forms.CharField(
        label=pgettext_lazy("resignation", "Reason"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    leaving_date = forms.DateField(label=_("Leaving date"), widget=DateInput())


class HandoverForm(forms.Form):
    supervisor = forms.ModelChoiceField(label=_("Supervisor"), queryset=None)
    notes = forms.CharField(label=_("Notes"), required=False, max_length=4000,
                            widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supervisor"].queryset = _staff_users()


class HandoverItemForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=HandoverKind.choices)
    description = forms.CharField(label=_("Description"), max_length=300)
    receiver = forms.ModelChoiceField(label=_("Handed to"), queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receiver"].queryset = _staff_users()


class ExitForm(forms.Form):
    settlement_done = forms.BooleanField(label=_("Financial settlement done"), required=False)
    settlement_note = forms.CharField(label=_("Settlement"), required=False, max_length=4000,
                                      widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
    items_returned = forms.BooleanField(label=_("Items returned"), required=False)


class ReassignForm(forms.Form):
    successor = forms.ModelChoiceField(label=_("Successor"), queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = _staff_users()
