"""Service records (policy ch. 4): client requests, questions and complaints, revisits, satisfaction surveys,
marketing activities and the operations log. The KPI system (4.2) is computed from them."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import AuditedModel
from core.scoping import ScopedQuerySet
from projects.choices import (
    ActivityKind,
    ActivityStatus,
    LogKind,
    Priority,
    QuestionKind,
    RequestCategory,
    RequestChannel,
    RequestKind,
    RequestStatus,
    RevisitStatus,
    Severity,
)
from projects.models.acceptance import ClientFacingQuerySet
from projects.models.project import ProjectRecordQuerySet


class ServiceRequestQuerySet(ClientFacingQuerySet):
    def unanswered_past_limit(self, now=None):
        """Open requests without a first response past their response limit (4.2.3 timely response)."""
        now = now or timezone.now()
        return self.filter(status=RequestStatus.OPEN, first_response_at__isnull=True, respond_by__lt=now)

    @staticmethod
    def count_aggregates(now=None) -> dict:
        """Not closed, open complaints, and late first responses (for ``aggregate`` or a ``core.queries`` batch)."""
        now = now or timezone.now()
        not_closed = ~Q(status=RequestStatus.CLOSED)
        return {
            "active": Count("id", filter=not_closed),
            "complaints": Count("id", filter=Q(kind=RequestKind.COMPLAINT) & not_closed),
            "late": Count(
                "id", filter=Q(status=RequestStatus.OPEN, first_response_at__isnull=True, respond_by__lt=now)
            ),
        }

    def counts(self, now=None) -> dict:
        """Not closed, open complaints, and late first responses, in one query."""
        return self.aggregate(**self.count_aggregates(now))


class ServiceRequest(AuditedModel):
    """A client's request, question or complaint (4.1.3, 2.2.3), raised in the portal or by customer service on the
    client's behalf, handled until the client rates the handling. Its status moves only through
    ``SERVICE_REQUEST_WORKFLOW``."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="service_requests")
    kind = models.CharField(_("kind"), max_length=20, choices=RequestKind.choices, default=RequestKind.REQUEST)
    channel = models.CharField(_("channel"), max_length=20, choices=RequestChannel.choices)
    category = models.CharField(_("category"), max_length=20, choices=RequestCategory.choices)
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    title = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("description"))
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    on_behalf_of = models.CharField(_("on behalf of"), max_length=120, blank=True,
                                    help_text=_("The client's person, when customer service records it."))  # fmt: skip
    raised_at = models.DateTimeField(_("raised at"), default=timezone.now, db_index=True)
    respond_by = models.DateTimeField(_("first response due by"))
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assigned to"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="assigned_requests",
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.OPEN, db_index=True
    )
    first_response = models.TextField(_("first response"), blank=True)
    first_response_at = models.DateTimeField(_("first response at"), null=True, blank=True)
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(
        _("client's rating of the handling"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )  # fmt: skip
    rating_comment = models.TextField(_("client's comment"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    escalation_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ServiceRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("client request")
        verbose_name_plural = _("client requests")
        ordering = ["-raised_at", "-id"]
        permissions = [
            ("handle_servicerequest", _("Handle client requests and complaints")),
            ("rate_servicerequest", _("Rate the handling of a request (client)")),
            ("resolve_escalated_request", _("Resolve an escalated request")),
        ]
        indexes = [
            models.Index(fields=["project", "raised_at"], name="request_project_raised_idx"),
            # The dashboard's "client requests to handle": the open ones assigned to a person, and the unassigned.
            models.Index(
                fields=["assignee", "respond_by", "id"],
                name="request_open_assignee_idx",
                condition=models.Q(status__in=[RequestStatus.OPEN, RequestStatus.IN_PROGRESS]),
            ),
            models.Index(
                fields=["respond_by", "id"],
                name="request_open_unassigned_idx",
                condition=models.Q(status__in=[RequestStatus.OPEN, RequestStatus.IN_PROGRESS], assignee__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project.code} · {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("projects:request-detail", args=[self.project_id, self.pk])

    @property
    def is_late(self) -> bool:
        responded = self.first_response_at or timezone.now()
        return responded > self.respond_by


class RevisitPlan(AuditedModel):
    """How often customer service revisits the client of a project (回访, 4.1.3)."""

    project = models.OneToOneField("projects.Project", on_delete=models.CASCADE, related_name="revisit_plan")
    every_days = models.PositiveSmallIntegerField(
        _("every (days)"), default=30, validators=[MinValueValidator(7), MaxValueValidator(365)]
    )
    starts_on = models.DateField(_("first revisit on"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("customer service"), on_delete=models.PROTECT, related_name="+"
    )
    active = models.BooleanField(_("active"), default=True)

    objects = ProjectRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("revisit schedule")
        verbose_name_plural = _("revisit schedules")
        ordering = ["project_id"]

    def __str__(self) -> str:
        return f"{self.project.code} · {self.every_days}"


class RevisitQuerySet(ClientFacingQuerySet):
    def overdue(self, today=None):
        return self.filter(status=RevisitStatus.DUE, due_on__lt=today or timezone.localdate())

    @staticmethod
    def count_aggregates(today=None) -> dict:
        """Due, overdue and done revisits (for ``aggregate`` or a ``core.queries`` batch)."""
        today = today or timezone.localdate()
        return {
            "due": Count("id", filter=Q(status=RevisitStatus.DUE)),
            "overdue": Count("id", filter=Q(status=RevisitStatus.DUE, due_on__lt=today)),
            "done": Count("id", filter=Q(status=RevisitStatus.DONE)),
        }

    def counts(self, today=None) -> dict:
        """Due, overdue and done revisits, in one query."""
        return self.aggregate(**self.count_aggregates(today))


class Revisit(AuditedModel):
    """One revisit of the client: when it is due, when it was done, by whom, the client's experience and
    suggestions (4.1.3). Created from the schedule, once per date."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="revisits")
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=10, choices=RevisitStatus.choices, default=RevisitStatus.DUE)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("done by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    contact = models.CharField(_("client contact"), max_length=120, blank=True)
    experience = models.TextField(_("client's experience"), blank=True)
    suggestions = models.TextField(_("client's suggestions"), blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = RevisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("revisit")
        verbose_name_plural = _("revisits")
        ordering = ["-due_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["project", "due_on"], name="revisit_project_date_unique")]

    def __str__(self) -> str:
        return f"{self.project.code} · {self.due_on}"


class SurveyQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """Survey questionnaires are the organisation's: every staff member reads them."""
        if not getattr(user, "is_authenticated", False) or user.client_organisation_id:
            return self.none()
        return self.all()


class Survey(AuditedModel):
    """A satisfaction questionnaire (4.1.3): configurable questions, rated 1–5 or answered in words."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    intro = models.TextField(_("introduction"), blank=True)
    active = models.BooleanField(_("in use"), default=True)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SurveyQuestion(AuditedModel):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("question"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices, default=QuestionKind.RATING)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text


class SurveyRound(AuditedModel):
    """A survey sent to the client's users of a project for a period; each answers once."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="survey_rounds")
    survey = models.ForeignKey(Survey, verbose_name=_("survey"), on_delete=models.PROTECT, related_name="rounds")
    title = models.CharField(_("title"), max_length=200)
    opens_on = models.DateField(_("opens on"), default=timezone.localdate)
    closes_on = models.DateField(_("closes on"))
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ClientFacingQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey round")
        verbose_name_plural = _("survey rounds")
        ordering = ["-opens_on", "-id"]

    def __str__(self) -> str:
        return f"{self.project.code} · {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("projects:survey-round", args=[self.project_id, self.pk])

    @property
    def is_open(self) -> bool:
        return self.opens_on <= timezone.localdate() <= self.closes_on


class SurveyResponse(AuditedModel):
    """One client user's answers to a survey round, given once."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="responses")
    respondent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [models.UniqueConstraint(fields=["round", "respondent"], name="survey_response_once")]

    def __str__(self) -> str:
        return f"{self.round} · {self.respondent}"


class SurveyAnswer(models.Model):
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.PROTECT, related_name="+")
    rating = models.PositiveSmallIntegerField(null=True, blank=True,
                                              validators=[MinValueValidator(1), MaxValueValidator(5)])  # fmt: skip
    text = models.TextField(blank=True)

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="survey_answer_once")]

    def __str__(self) -> str:
        return str(self.rating) if self.rating is not None else self.text[:60]


class MarketingActivity(AuditedModel):
    """A marketing activity of a project (4.1.2): planned, run, and its results."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="marketing_activities")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices)
    status = models.CharField(_("status"), max_length=10, choices=ActivityStatus.choices,
                              default=ActivityStatus.PLANNED)  # fmt: skip
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    budget = models.DecimalField(_("budget"), max_digits=12, decimal_places=2, null=True, blank=True)
    reach = models.PositiveIntegerField(_("reach (people)"), null=True, blank=True)
    leads = models.PositiveIntegerField(_("leads"), null=True, blank=True)
    feedback = models.TextField(_("feedback and results"), blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT,
                              related_name="+")  # fmt: skip

    objects = ProjectRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("marketing activity")
        verbose_name_plural = _("marketing activities")
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The activity cannot end before it starts.")})


class OperationsLogEntry(AuditedModel):
    """An entry of the operations log (4.1.1): maintenance, a safety event, a quality problem, business operations.
    A major safety incident or quality problem is flagged: 4.2.1 requires none."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="operations_log")
    kind = models.CharField(_("kind"), max_length=20, choices=LogKind.choices)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.MINOR)
    occurred_at = models.DateTimeField(_("occurred at"), default=timezone.now, db_index=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what happened and what was done"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = ProjectRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("operations log entry")
        verbose_name_plural = _("operations log")
        ordering = ["-occurred_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_major_incident(self) -> bool:
        return self.severity == Severity.MAJOR and self.kind in (LogKind.SAFETY, LogKind.QUALITY)
