"""A paginator that stops counting at a cap, for pages over lists that grow without end (the audit trail)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.functional import cached_property
from django.utils.translation import gettext as _


class CappedPaginator(Paginator):
    """Counts at most ``cap`` rows: ``SELECT COUNT(*) FROM (SELECT … LIMIT cap + 1)`` reads a bounded number of index
    entries, where an exact count over a million audit events scans them all on every page (docs/BENCHMARKS.md,
    "Scale"). Past the cap, ``capped`` is true, ``count_label`` reads "10,000+" and the pages end at the cap: the
    filters (dates, record, actor) reach older rows."""

    cap = 10_000
    capped = False

    @cached_property
    def count(self) -> int:
        counted = self.object_list[: self.cap + 1].count()
        self.capped = counted > self.cap
        return min(counted, self.cap)

    @property
    def count_label(self) -> str:
        from django.contrib.humanize.templatetags.humanize import intcomma

        return _("%(count)s+") % {"count": intcomma(self.cap)} if self.count and self.capped else str(self.count)
