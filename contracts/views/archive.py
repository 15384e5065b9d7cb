"""Archive pages (8.3.1): the archive list, an archive record with its access log and borrowings; every view and
every download of the electronic copy is logged."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.db.models import Exists, OuterRef, Q
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView, TemplateView

from contracts import services
from contracts.choices import AccessKind, BorrowingStatus
from contracts.forms import BorrowDecisionForm, BorrowForm
from contracts.models import ArchiveRecord, Borrowing
from core.exports import ExportMixin
from core.mixins import InlinePostMixin
from core.views import object_audit_trail


class ArchiveListView(LoginRequiredMixin, PermissionRequiredMixin, ExportMixin, ListView):
    permission_required = "contracts.view_archiverecord"
    template_name = "contracts/archive_list.html"
    context_object_name = "records"
    paginate_by = 50

    def get_queryset(self):
        lent = Borrowing.objects.filter(record=OuterRef("pk"), status=BorrowingStatus.LENT)
        qs = (ArchiveRecord.objects.visible_to(self.request.user)
              .select_related("contract", "contract__client", "custodian").annotate(is_lent=Exists(lent)))  # fmt: skip
        self.q = self.request.GET.get("q", "").strip()[:100]
        if self.q:
            qs = qs.filter(Q(archive_number__icontains=self.q) | Q(contract__number__icontains=self.q)
                           | Q(contract__title__icontains=self.q) | Q(location__icontains=self.q))  # fmt: skip
        self.lent = self.request.GET.get("lent") == "1"
        if self.lent:
            qs = qs.filter(is_lent=True)
        return qs

    def get_context_data(self, **kwargs):
        from contracts.choices import ContractStatus
        from contracts.models import Contract

        user = self.request.user
        pending = (Contract.objects.visible_to(user)
                   .filter(status__in=[ContractStatus.SIGNED, ContractStatus.TERMINATED], archive_record__isnull=True)
                   .select_related("client")[:20]
                   if user.has_perm("contracts.add_archiverecord") else [])  # fmt: skip
        query = self.request.GET.copy()
        query.pop("page", None)
        return {**super().get_context_data(**kwargs), "q": self.q, "lent": self.lent, "pending": pending,
                "querystring": query.urlencode()}  # fmt: skip


class _RecordMixin(LoginRequiredMixin, PermissionRequiredMixin):
    permission_required = "contracts.view_archiverecord"

    @cached_property
    def record(self) -> ArchiveRecord:
        qs = ArchiveRecord.objects.visible_to(self.request.user).select_related(
            "contract", "contract__client", "custodian", "archived_by", "electronic_copy"
        )
        return get_object_or_404(qs, pk=self.kwargs["pk"])


class ArchiveDetailView(_RecordMixin, TemplateView):
    template_name = "contracts/archive_detail.html"

    def get_context_data(self, **kwargs):
        record, user = self.record, self.request.user
        services.access_log(record=record, user=user, kind=AccessKind.VIEW)
        borrowings = list(record.borrowings.select_related("borrower", "decided_by"))
        return {
            **super().get_context_data(**kwargs),
            "record": record,
            "contract": record.contract,
            "borrowings": borrowings,
            "lent_out": any(b.status == BorrowingStatus.LENT for b in borrowings),
            "accesses": record.accesses.select_related("user")[:100],
            "borrow_form": BorrowForm() if user.has_perm("contracts.add_borrowing") else None,
            "can_decide": user.has_perm("contracts.decide_borrowing"),
            "decision_form": BorrowDecisionForm(),
            "audit_events": object_audit_trail(record, user=user),
        }


class ArchiveCopyView(_RecordMixin, View):
    """Download the electronic copy; the download is logged (8.3.1)."""

    def get(self, request, pk):
        record = self.record
        if record.electronic_copy is None:
            from django.http import Http404

            raise Http404(_("This archive record has no electronic copy."))
        services.access_log(record=record, user=request.user, kind=AccessKind.DOWNLOAD,
                            note=record.electronic_copy.name)  # fmt: skip
        copy = record.electronic_copy
        return FileResponse(copy.file.open("rb"), as_attachment=True, filename=copy.name)


class BorrowView(_RecordMixin, InlinePostMixin, View):
    permission_required = "contracts.add_borrowing"
    form_class = BorrowForm
    success = gettext_lazy("Borrowing requested; the custodian decides.")

    def back_url(self) -> str:
        return self.record.get_absolute_url() + "#borrowings"

    def call(self, data):
        return services.borrowing_request(actor=self.request.user, record_pk=self.record.pk, **data)


class BorrowDecideView(_RecordMixin, InlinePostMixin, View):
    permission_required = "contracts.decide_borrowing"
    form_class = BorrowDecisionForm
    success = gettext_lazy("Borrowing updated.")

    def back_url(self) -> str:
        return self.record.get_absolute_url() + "#borrowings"

    def call(self, data):
        kwargs = {"actor": self.request.user, "record_pk": self.record.pk, "borrowing_pk": self.kwargs["borrowing_pk"],
                  "note": data["note"]}  # fmt: skip
        if data["decision"] == "return":
            return services.borrowing_return(**kwargs)
        return services.borrowing_decide(lend=data["decision"] == "lend", **kwargs)
