from django import forms
from django.utils.translation import gettext_lazy as _

from core.lookup import LookupField, LookupInput
from core.models import ClientOrganisation, Department, User
from core.roles import Role, permission_holders
from core.widgets import DateInput, MultipleFileField
from projects.choices import (
    AcceptanceDue,
    AcceptanceManner,
    AcceptanceStatus,
    ActivityKind,
    ActivityStatus,
    Comparator,
    HandoverCategory,
    InspectionFrequency,
    InspectionKind,
    InspectionResult,
    InspectionStatus,
    IntakeDecision,
    IssueStatus,
    KpiMetric,
    KpiPeriod,
    LogKind,
    MemberRole,
    MeritKind,
    MeritStatus,
    PlanStatus,
    Priority,
    QuestionKind,
    RectificationStatus,
    RequestCategory,
    RequestChannel,
    RequestKind,
    RequestStatus,
    ResourceKind,
    ReviewVerdict,
    Severity,
    Stage,
    TaskCategory,
    TaskStatus,
)
from projects.models import (
    Checklist,
    Evaluation,
    Inspection,
    KpiDefinition,
    Project,
    ProjectContact,
    SiteSurvey,
    Survey,
    Talk,
)
from risk.choices import RiskCategory, RiskLevel


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = [
            "code",
            "name",
            "client",
            "site_address",
            "scale",
            "service_start",
            "service_end",
            "client_needs",
        ]
        widgets = {
            "service_start": DateInput(),
            "service_end": DateInput(),
            "client_needs": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = ClientOrganisation.objects.visible_to(user)
        if self.instance.pk:
            self.fields["code"].disabled = True


class ProjectFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    stage = forms.ChoiceField(label=_("Stage"), required=False, choices=[("", _("All stages")), *Stage.choices])
    client = LookupField(
        label=_("Client"),
        required=False,
        queryset=ClientOrganisation.objects.none(),
        kind="clients",
        widget=LookupInput("clients", attrs={"placeholder": _("All clients")}),
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
    user = LookupField(
        label=_("Person"), queryset=User.objects.filter(client_organisation__isnull=True, is_active=True), kind="staff"
    )
    role = forms.ChoiceField(label=_("Role on the project"), choices=MemberRole.choices)


# ----------------------------------------------------------------------------------------------------------------
# Intake (3.1)
# ----------------------------------------------------------------------------------------------------------------
class ContactForm(forms.ModelForm):
    class Meta:
        model = ProjectContact
        fields = ["name", "position", "phone", "email"]


class TalkForm(forms.ModelForm):
    class Meta:
        model = Talk
        fields = ["date", "participants", "summary", "next_step"]
        widgets = {"date": DateInput(), "summary": forms.Textarea(attrs={"rows": 3})}


class EvaluationForm(forms.ModelForm):
    class Meta:
        model = Evaluation
        fields = ["feasibility", "reasoning", "estimated_resources", "estimated_fee"]
        widgets = {
            "reasoning": forms.Textarea(attrs={"rows": 4}),
            "estimated_resources": forms.Textarea(attrs={"rows": 2}),
        }


class RiskForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=RiskCategory.choices)
    description = forms.CharField(label=_("Description"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    level = forms.ChoiceField(label=_("Rough level"), choices=RiskLevel.choices, initial=RiskLevel.MEDIUM)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[(IntakeDecision.TAKE_ON, _("Take on")), (IntakeDecision.DECLINE, _("Decline"))]
    )
    reason = forms.CharField(label=_("Reason"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


# ----------------------------------------------------------------------------------------------------------------
# Planning (3.2)
# ----------------------------------------------------------------------------------------------------------------
class SurveyForm(forms.ModelForm):
    files = MultipleFileField(label=_("Photos and documents"), required=False)

    class Meta:
        model = SiteSurvey
        fields = ["date", "participants", "findings", "data_collected"]
        widgets = {
            "date": DateInput(),
            "findings": forms.Textarea(attrs={"rows": 4}),
            "data_collected": forms.Textarea(attrs={"rows": 3}),
        }


class PlanForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    strategies = forms.CharField(label=_("Strategies"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    reviewers = forms.ModelMultipleChoiceField(
        label=_("Reviewers for the internal review"),
        required=False,
        queryset=User.objects.filter(
            client_organisation__isnull=True,
            is_active=True,
            groups__name__in=[Role.HEAD, Role.EXECUTIVE, Role.PLANNER, Role.SERVICE, Role.INSPECTOR],
        )
        .distinct()
        .order_by("username"),
        help_text=_("3.2.3: named reviewers give their opinions before the plan can pass."),
    )


class GoalForm(forms.Form):
    description = forms.CharField(label=_("Goal"), max_length=300)
    metric = forms.CharField(label=_("Measure"), max_length=120)
    target = forms.CharField(label=_("Target"), max_length=120)


class MilestoneForm(forms.Form):
    name = forms.CharField(label=_("Milestone"), max_length=200)
    due_date = forms.DateField(label=_("Due date"), widget=DateInput())


class ResourceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", "—"), *ResourceKind.choices])
    description = forms.CharField(label=_("Description"), max_length=300)
    quantity = forms.CharField(label=_("Quantity or amount"), max_length=60, required=False)


GoalFormSet = forms.formset_factory(GoalForm, extra=2, can_delete=True)
MilestoneFormSet = forms.formset_factory(MilestoneForm, extra=2, can_delete=True)
ResourceFormSet = forms.formset_factory(ResourceForm, extra=2, can_delete=True)


def formset_rows(formset) -> list[dict]:
    """The filled, not deleted rows of a valid formset, without the DELETE flag."""
    rows = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or data.get("DELETE"):
            continue
        rows.append({k: v for k, v in data.items() if k != "DELETE"})
    return rows


class ReviewForm(forms.Form):
    verdict = forms.ChoiceField(label=_("Verdict"), choices=ReviewVerdict.choices)
    opinion = forms.CharField(label=_("Opinion"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class PlanTransitionForm(forms.Form):
    target = forms.ChoiceField(choices=PlanStatus.choices)
    expected_source = forms.ChoiceField(choices=PlanStatus.choices)
    comment = forms.CharField(label=_("Opinion / comment"), required=False, max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip


# ----------------------------------------------------------------------------------------------------------------
# Execution (3.3)
# ----------------------------------------------------------------------------------------------------------------
def _staff_people():
    return User.objects.filter(client_organisation__isnull=True, is_active=True, is_superuser=False).order_by(
        "username"
    )


class DutyForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=User.objects.none())
    group = forms.ModelChoiceField(
        label=_("Group"), required=False, queryset=Department.objects.filter(kind="working_group").order_by("code")
    )
    responsibility = forms.CharField(label=_("Responsibility"), max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = _staff_people()


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=200)
    category = forms.ChoiceField(label=_("Category"), choices=TaskCategory.choices)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=User.objects.none())
    start_date = forms.DateField(label=_("Start"), required=False, widget=DateInput())
    due_date = forms.DateField(label=_("Due"), widget=DateInput())
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _staff_people()


class TaskEditForm(TaskForm):
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)


class TaskFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *TaskStatus.choices]
    )
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All categories")), *TaskCategory.choices]
    )
    owner = forms.ModelChoiceField(label=_("Owner"), required=False, queryset=User.objects.none(),
                                   empty_label=_("Everyone"))  # fmt: skip
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _staff_people()


class IssueForm(forms.Form):
    title = forms.CharField(label=_("Problem"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices, initial=Priority.NORMAL)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=User.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _staff_people()


class TaskTransitionForm(forms.Form):
    target = forms.ChoiceField(choices=TaskStatus.choices)
    expected_source = forms.ChoiceField(choices=TaskStatus.choices)
    comment = forms.CharField(label=_("Comment"), required=False, max_length=4000)


class IssueTransitionForm(forms.Form):
    target = forms.ChoiceField(choices=IssueStatus.choices)
    expected_source = forms.ChoiceField(choices=IssueStatus.choices)
    comment = forms.CharField(label=_("Comment"), required=False, max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
    resolution = forms.CharField(label=_("Resolution"), required=False, max_length=4000,
                                 widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip


# ----------------------------------------------------------------------------------------------------------------
# Supervision (2.2.4, 3.4)
# ----------------------------------------------------------------------------------------------------------------
# The imports of this section stay here (not in the block above) while other sections are edited in parallel.


class ChecklistForm(forms.Form):
    """A quality standard as a checklist (2.2.4). ``active`` only when editing: a new checklist is in use."""

    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(label=_("Scope and purpose"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    active = forms.BooleanField(
        label=_("In use"),
        required=False,
        initial=True,
        help_text=_("Untick to retire the checklist: no new inspection can use it."),
    )

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not editing:
            del self.fields["active"]


class ChecklistItemForm(forms.Form):
    text = forms.CharField(label=_("Check"), max_length=300)
    weight = forms.IntegerField(label=_("Weight"), min_value=1, max_value=100, initial=1,
                                widget=forms.NumberInput(attrs={"style": "max-width: 6rem"}))  # fmt: skip
    pass_criterion = forms.CharField(label=_("Pass criterion"), max_length=300)


ChecklistItemFormSet = forms.formset_factory(ChecklistItemForm, extra=3, can_delete=True)


def _holders(codename: str):
    """Active staff who hold ``projects.<codename>`` through a role, by username."""
    return permission_holders(f"projects.{codename}")


def _inspectors():
    """The people who may be named inspector: active staff holding ``projects.perform_inspection`` by a role."""
    return _holders("perform_inspection")


class InspectionPlanForm(forms.Form):
    checklist = forms.ModelChoiceField(label=_("Checklist"), queryset=Checklist.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=InspectionKind.choices, initial=InspectionKind.SCHEDULED)
    planned_on = forms.DateField(label=_("Planned for"), widget=DateInput())
    inspector = forms.ModelChoiceField(label=_("Inspector"), queryset=User.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["checklist"].queryset = Checklist.objects.visible_to(user).filter(active=True)
        self.fields["inspector"].queryset = _inspectors()


class InspectionFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *InspectionKind.choices])
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *InspectionStatus.choices]
    )
    result = forms.ChoiceField(
        label=_("Result"), required=False, choices=[("", _("All results")), *InspectionResult.choices]
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())


class InspectionScoreForm(forms.Form):
    """One checklist item of the scoring form (3.4.1). A row left without a score is not recorded."""

    item = forms.IntegerField(widget=forms.HiddenInput(), disabled=True)  # always the item the page offered
    score = forms.IntegerField(label=_("Score (0–100)"), required=False, min_value=0, max_value=100,
                               widget=forms.NumberInput(attrs={"style": "max-width: 6rem"}))  # fmt: skip
    passed = forms.BooleanField(label=_("Passes"), required=False)
    finding = forms.CharField(label=_("Finding"), required=False, max_length=500)

    def clean(self):
        data = super().clean()
        if data.get("score") is None and (data.get("passed") or data.get("finding")):
            self.add_error("score", _("Give a score to record this item."))
        return data


InspectionScoreFormSet = forms.formset_factory(InspectionScoreForm, extra=0)


class InspectionRecordForm(forms.Form):
    summary = forms.CharField(label=_("Summary of findings"), required=False, max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    performed_on = forms.DateField(label=_("Performed on"), required=False, widget=DateInput())
    files = MultipleFileField(
        label=_("Photos and documents"),
        required=False,
        help_text=_("Evidence of what was found; kept with the inspection in the archive."),
    )


class InspectionTransitionForm(forms.Form):
    target = forms.ChoiceField(choices=InspectionStatus.choices)
    expected_source = forms.ChoiceField(choices=InspectionStatus.choices)
    comment = forms.CharField(label=_("Comment"), required=False, max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip


class _InspectionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.performed_on or obj.planned_on} · {obj.checklist.name} · {obj.get_result_display() or '—'}"


class RectificationForm(forms.Form):
    finding = forms.CharField(label=_("Problem found"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    requirement = forms.CharField(label=_("What must be rectified"), max_length=4000,
                                  widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    responsible = forms.ModelChoiceField(label=_("Responsible"), queryset=User.objects.none())
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput())
    inspection = _InspectionChoiceField(
        label=_("Inspection"),
        required=False,
        queryset=Inspection.objects.none(),
        empty_label=_("None (a finding outside an inspection)"),
        help_text=_("A completed inspection of this project whose finding this notice follows up."),
    )

    def __init__(self, *args, project, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = _staff_people()
        self.fields["inspection"].queryset = (
            Inspection.objects.visible_to(user)
            .filter(project=project, status=InspectionStatus.COMPLETED)
            .select_related("checklist")
        )


class EvidenceForm(forms.Form):
    files = MultipleFileField(label=_("Photos and documents"))
    description = forms.CharField(label=_("Description"), required=False, max_length=300)


class RectificationTransitionForm(forms.Form):
    target = forms.ChoiceField(choices=RectificationStatus.choices)
    expected_source = forms.ChoiceField(choices=RectificationStatus.choices)
    comment = forms.CharField(label=_("Comment"), required=False, max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
    fix_description = forms.CharField(label=_("Fix carried out"), required=False, max_length=4000,
                                      widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip


class InspectionScheduleForm(forms.Form):
    """A scheduled inspection plan (3.4.1)."""

    checklist = forms.ModelChoiceField(label=_("Checklist"), queryset=Checklist.objects.none())
    inspector = forms.ModelChoiceField(label=_("Inspector"), queryset=User.objects.none())
    frequency = forms.ChoiceField(label=_("Frequency"), choices=InspectionFrequency.choices)
    starts_on = forms.DateField(label=_("First inspection on"), widget=DateInput())
    ends_on = forms.DateField(label=_("Last inspection by"), required=False, widget=DateInput())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["checklist"].queryset = Checklist.objects.visible_to(user).filter(active=True)
        self.fields["inspector"].queryset = _inspectors()


# ----------------------------------------------------------------------------------------------------------------
# Commendation and accountability (3.4.3)
# ----------------------------------------------------------------------------------------------------------------
class _InspectionsChoiceField(forms.ModelMultipleChoiceField):
    label_from_instance = _InspectionChoiceField.label_from_instance


class MeritForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MeritKind.choices)
    person = forms.ModelChoiceField(label=_("Person"), required=False, queryset=User.objects.none())
    team = forms.CharField(label=_("Team"), required=False, max_length=120,
                           help_text=_("A group or team, when not a person."))  # fmt: skip
    inspections = _InspectionsChoiceField(
        label=_("Justifying inspections"), queryset=Inspection.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    reason = forms.CharField(label=_("Reason"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    measure = forms.CharField(label=_("Reward or measure"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, project, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = _staff_people()
        self.fields["inspections"].queryset = (
            Inspection.objects.visible_to(user)
            .filter(project=project, status=InspectionStatus.COMPLETED)
            .select_related("checklist")
        )


class MeritTransitionForm(forms.Form):
    target = forms.ChoiceField(choices=MeritStatus.choices)
    expected_source = forms.ChoiceField(choices=MeritStatus.choices)
    comment = forms.CharField(label=_("Opinion"), required=False, max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip


# ----------------------------------------------------------------------------------------------------------------
# Acceptance (3.5)
# ----------------------------------------------------------------------------------------------------------------
class ArrangementForm(forms.Form):
    due_reason = forms.ChoiceField(label=_("Due because"), choices=AcceptanceDue.choices)
    conditions_note = forms.CharField(
        label=_("Acceptance conditions met"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Which of the contract's acceptance conditions are met."),
    )  # fmt: skip
    scheduled_for = forms.DateField(label=_("Acceptance on"), widget=DateInput())
    manner = forms.ChoiceField(label=_("Manner"), choices=AcceptanceManner.choices)
    location = forms.CharField(label=_("Place"), required=False, max_length=200)
    client_participants = forms.CharField(label=_("Client participants"), max_length=300)
    notes = forms.CharField(label=_("Notes"), required=False, max_length=4000,
                            widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip


class PackageForm(forms.Form):
    """The acceptance package's three reports (3.5.2); each group fills its own."""

    operations_report = forms.CharField(label=_("Operations report"), required=False, max_length=20000,
                                        widget=forms.Textarea(attrs={"rows": 6}))  # fmt: skip
    quality_report = forms.CharField(label=_("Quality-assessment report"), required=False, max_length=20000,
                                     widget=forms.Textarea(attrs={"rows": 6}))  # fmt: skip
    satisfaction_results = forms.CharField(label=_("Customer-satisfaction survey results"), required=False,
                                           max_length=20000, widget=forms.Textarea(attrs={"rows": 4}))  # fmt: skip
    files = MultipleFileField(
        label=_("Documents"),
        required=False,
        help_text=_("Reports, survey sheets, photos: part of the package the client signs."),
    )


class AcceptanceTransitionForm(forms.Form):
    target = forms.ChoiceField(choices=AcceptanceStatus.choices)
    expected_source = forms.ChoiceField(choices=AcceptanceStatus.choices)
    comment = forms.CharField(label=_("Comment"), required=False, max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
    signer_name = forms.CharField(label=_("Signer's name"), required=False, max_length=120)
    signer_position = forms.CharField(label=_("Signer's position"), required=False, max_length=120)
    signer_confirmed = forms.BooleanField(
        label=_("I confirm, on behalf of the client, that the project is accepted on the basis of this package."),
        required=False,
    )
    client_evaluation = forms.CharField(label=_("Your evaluation"), required=False, max_length=4000,
                                        widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    problems = forms.CharField(label=_("Problems found (one per line)"), required=False, max_length=8000,
                               widget=forms.Textarea(attrs={"rows": 4}))  # fmt: skip


class HandoverItemForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=HandoverCategory.choices)
    description = forms.CharField(label=_("What is handed over"), max_length=300)


class HandoverCheckForm(forms.Form):
    done = forms.BooleanField(label=_("Handed over"), required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class HandoverCompleteForm(forms.Form):
    handed_over_on = forms.DateField(label=_("Handed over on"), widget=DateInput())
    client_representative = forms.CharField(label=_("Client representative"), max_length=120)
    record = forms.CharField(label=_("Handover record"), max_length=8000, widget=forms.Textarea(attrs={"rows": 4}))


# ----------------------------------------------------------------------------------------------------------------
# Service records (ch. 4)
# ----------------------------------------------------------------------------------------------------------------
def _request_handlers():
    return _holders("handle_servicerequest")


class RequestForm(forms.Form):
    """A client request, question or complaint (4.1.3). Customer service also says how and for whom."""

    kind = forms.ChoiceField(label=_("Kind"), choices=RequestKind.choices)
    category = forms.ChoiceField(label=_("Category"), choices=RequestCategory.choices)
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices, initial=Priority.NORMAL)
    title = forms.CharField(label=_("Subject"), max_length=200)
    description = forms.CharField(label=_("Description"), max_length=8000, widget=forms.Textarea(attrs={"rows": 4}))
    channel = forms.ChoiceField(label=_("Channel"), choices=RequestChannel.choices)
    on_behalf_of = forms.CharField(label=_("On behalf of"), max_length=120, required=False,
                                   help_text=_("The client's person who raised it."))  # fmt: skip
    assignee = forms.ModelChoiceField(label=_("Assign to"), queryset=User.objects.none(), required=False)

    def __init__(self, *args, client_user: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if client_user:
            for name in ("channel", "on_behalf_of", "assignee"):
                del self.fields[name]
        else:
            self.fields["assignee"].queryset = _request_handlers()


class RequestFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All kinds")), *RequestKind.choices], required=False)
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("All statuses")), ("active", _("Not closed")),
                                                           *RequestStatus.choices], required=False)  # fmt: skip
    late = forms.BooleanField(label=_("Late first response"), required=False)


class RequestTransitionForm(forms.Form):
    target = forms.ChoiceField(choices=RequestStatus.choices)
    expected_source = forms.ChoiceField(choices=RequestStatus.choices)
    comment = forms.CharField(label=_("Comment"), required=False, max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
    first_response = forms.CharField(label=_("First response to the client"), required=False, max_length=4000,
                                     widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    resolution = forms.CharField(label=_("Resolution"), required=False, max_length=4000,
                                 widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    rating = forms.TypedChoiceField(
        label=_("Your rating of the handling"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—")] + [(i, str(i)) for i in range(5, 0, -1)],
    )
    rating_comment = forms.CharField(label=_("Your comment"), required=False, max_length=4000,
                                     widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("Assign to"), queryset=User.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = _request_handlers()


class RevisitPlanForm(forms.Form):
    every_days = forms.IntegerField(label=_("Every (days)"), min_value=7, max_value=365, initial=30)
    starts_on = forms.DateField(label=_("First revisit on"), widget=DateInput())
    owner = forms.ModelChoiceField(label=_("Customer service"), queryset=User.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _holders("change_revisit")


class RevisitRecordForm(forms.Form):
    done_on = forms.DateField(label=_("Done on"), widget=DateInput())
    contact = forms.CharField(label=_("Client contact"), max_length=120, required=False)
    experience = forms.CharField(label=_("Client's experience"), max_length=4000,
                                 widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    suggestions = forms.CharField(label=_("Client's suggestions"), max_length=4000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip


class SurveyRoundForm(forms.Form):
    survey = forms.ModelChoiceField(label=_("Survey"), queryset=Survey.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    closes_on = forms.DateField(label=_("Closes on"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survey"].queryset = Survey.objects.filter(active=True)


class QuestionnaireForm(forms.Form):
    """A satisfaction questionnaire (4.1.3)."""

    name = forms.CharField(label=_("Name"), max_length=200)
    intro = forms.CharField(label=_("Introduction"), required=False, max_length=4000,
                            widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
    questions = forms.CharField(
        label=_("Questions"), max_length=8000, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One question per line; start a line with “?” for a free-text question, else it is rated 1–5."),
    )  # fmt: skip

    def clean_questions(self):
        rows = []
        for line in self.cleaned_data["questions"].splitlines():
            text = line.strip()
            if not text:
                continue
            if text.startswith("?"):
                rows.append({"text": text[1:].strip()[:300], "kind": QuestionKind.TEXT})
            else:
                rows.append({"text": text[:300], "kind": QuestionKind.RATING})
        if not rows:
            raise forms.ValidationError(_("A survey needs at least one question."))
        return rows


class ActivityForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=ActivityKind.choices)
    status = forms.ChoiceField(label=_("Status"), choices=ActivityStatus.choices, initial=ActivityStatus.PLANNED)
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput())
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput())
    budget = forms.DecimalField(label=_("Budget"), required=False, min_value=0, max_digits=12, decimal_places=2)
    reach = forms.IntegerField(label=_("Reach (people)"), required=False, min_value=0, max_value=2_000_000_000)
    leads = forms.IntegerField(label=_("Leads"), required=False, min_value=0, max_value=2_000_000_000)
    feedback = forms.CharField(label=_("Feedback and results"), required=False, max_length=8000,
                               widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip


class LogForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=LogKind.choices)
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices, initial=Severity.MINOR)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("What happened and what was done"), required=False, max_length=8000,
                                  widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip


class KpiDefinitionForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=40)
    name = forms.CharField(label=_("Name"), max_length=200)
    metric = forms.ChoiceField(label=_("Formula"), choices=KpiMetric.choices)
    comparator = forms.ChoiceField(label=_("Comparator"), choices=Comparator.choices)
    target = forms.DecimalField(label=_("Target"), max_digits=8, decimal_places=2)
    period = forms.ChoiceField(label=_("Period"), choices=KpiPeriod.choices)
    clause = forms.CharField(label=_("Policy clause"), max_length=10, initial="4.2.3")
    active = forms.BooleanField(label=_("In use"), required=False, initial=True)


class KpiTargetForm(forms.Form):
    definition = forms.ModelChoiceField(label=_("KPI"), queryset=KpiDefinition.objects.none())
    target = forms.DecimalField(label=_("Target for this project"), max_digits=8, decimal_places=2)
    reason = forms.CharField(label=_("Reason"), max_length=300, help_text=_("e.g. the contract's clause"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["definition"].queryset = KpiDefinition.objects.filter(active=True)
