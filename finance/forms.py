import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.widgets import DateInput, MultipleFileField
from finance.choices import AdjustmentStatus, BudgetStatus, ClaimStatus, FinanceKind
from finance.models import FinanceCategory
from projects.models import Project


def _year_choices():
    year = timezone.localdate().year
    return [(y, y) for y in range(year - 2, year + 3)]


def _money(label, required=True):
    return forms.DecimalField(label=label, required=required, max_digits=14, decimal_places=2, min_value=0)


class BudgetForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Fiscal year"), coerce=int, choices=_year_choices)
    project = forms.ModelChoiceField(label=_("Project"), required=False, queryset=Project.objects.none(),
                                     empty_label=_("The department itself"))  # fmt: skip
    assumptions = forms.CharField(label=_("Assumptions"), required=False, max_length=8000,
                                  widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text=_("The market changes and business needs the figures take into account "
                                              "(6.1.2)."))  # fmt: skip

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = Project.objects.visible_to(user).order_by("code")


class AssumptionsForm(forms.Form):
    assumptions = forms.CharField(label=_("Assumptions"), max_length=8000, widget=forms.Textarea(attrs={"rows": 3}))


class TransitionForm(forms.Form):
    target = forms.CharField(max_length=30)
    expected_source = forms.CharField(max_length=30)
    comment = forms.CharField(label=_("Opinion"), required=False, max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip

    def clean(self):
        data = super().clean()
        known = set(BudgetStatus.values) | set(AdjustmentStatus.values) | set(ClaimStatus.values)
        if data.get("target") not in known or data.get("expected_source") not in known:
            raise forms.ValidationError(_("The request was incomplete; nothing was changed."))
        return data


class AdjustmentForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=8000, widget=forms.Textarea(attrs={"rows": 3}))
    effective_from = forms.DateField(label=_("In force from"), widget=DateInput(),
                                     initial=lambda: timezone.localdate())  # fmt: skip


def parse_grid(data, categories) -> dict:
    """The amounts of a budget grid posted as ``line-<category id>-<month>``: (category id, month) → text."""
    result = {}
    for category in categories:
        for month in range(1, 13):
            key = f"line-{category.pk}-{month}"
            if key in data:
                result[(category.pk, month)] = (data.get(key) or "").strip() or "0"
    return result


class CostForm(forms.Form):
    category = forms.ModelChoiceField(label=_("Category"), queryset=FinanceCategory.objects.filter(
        active=True, kind__in=[FinanceKind.COST, FinanceKind.EXPENSE]))  # fmt: skip
    project = forms.ModelChoiceField(label=_("Project"), required=False, queryset=Project.objects.none(),
                                     empty_label=_("The department itself"))  # fmt: skip
    amount = _money(_("Amount"))
    incurred_on = forms.DateField(label=_("Incurred on"), widget=DateInput(), initial=datetime.date.today)
    description = forms.CharField(label=_("Description"), max_length=300)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = Project.objects.visible_to(user).order_by("code")


class CostFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    category = forms.ModelChoiceField(label=_("Category"), required=False, empty_label=_("All categories"),
                                      queryset=FinanceCategory.objects.exclude(kind=FinanceKind.REVENUE))  # fmt: skip
    project = forms.ModelChoiceField(label=_("Project"), required=False, queryset=Project.objects.none(),
                                     empty_label=_("All projects"))  # fmt: skip
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None,
                                  choices=lambda: [("", _("All years")), *_year_choices()])  # fmt: skip

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = Project.objects.visible_to(user).order_by("code")


class ClaimForm(forms.Form):
    purpose = forms.CharField(label=_("Purpose of the claim"), max_length=300)
    project = forms.ModelChoiceField(label=_("Project"), required=False, queryset=Project.objects.none(),
                                     empty_label=_("No project"))  # fmt: skip

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = Project.objects.visible_to(user).order_by("code")


class ItemForm(forms.Form):
    category = forms.ModelChoiceField(label=_("Category"), queryset=FinanceCategory.objects.filter(
        active=True, kind=FinanceKind.EXPENSE))  # fmt: skip
    spent_on = forms.DateField(label=_("Date"), widget=DateInput())
    amount = _money(_("Amount"))
    description = forms.CharField(label=_("Description"), max_length=300)


class ReceiptsForm(forms.Form):
    files = MultipleFileField(label=_("Receipts"))
    description = forms.CharField(label=_("Description"), required=False, max_length=300)


class ClaimFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All statuses")), *ClaimStatus.choices])  # fmt: skip
    mine = forms.BooleanField(label=_("My claims only"), required=False)


class EngagementForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=[])
    period_start = forms.DateField(label=_("Audit period from"), widget=DateInput())
    period_end = forms.DateField(label=_("Audit period to"), widget=DateInput())
    all_projects = forms.BooleanField(label=_("All projects and the department"), required=False)
    projects = forms.ModelMultipleChoiceField(label=_("Projects"), required=False, queryset=Project.objects.none())
    auditors = forms.ModelMultipleChoiceField(label=_("Auditors"), queryset=None)
    expires_on = forms.DateField(label=_("Access until"), widget=DateInput())

    def __init__(self, *args, user, **kwargs):
        from core.models import User
        from finance.models.audit import EngagementKind

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = EngagementKind.choices
        self.fields["projects"].queryset = Project.objects.visible_to(user).order_by("code")
        self.fields["auditors"].queryset = User.objects.filter(groups__name="auditor", is_active=True).order_by(
            "username"
        )


class FindingForm(forms.Form):
    title = forms.CharField(label=_("Finding"), max_length=200)
    description = forms.CharField(label=_("Description"), max_length=8000, widget=forms.Textarea(attrs={"rows": 3}))
    severity = forms.ChoiceField(label=_("Severity"), choices=[])

    def __init__(self, *args, **kwargs):
        from finance.models.audit import Severity

        super().__init__(*args, **kwargs)
        self.fields["severity"].choices = Severity.choices


class ResponseForm(forms.Form):
    response = forms.CharField(label=_("Response"), max_length=8000, widget=forms.Textarea(attrs={"rows": 3}))
