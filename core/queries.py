"""Several aggregates over different querysets, read in one round trip.

A page that shows a handful of counters per section (the project page: client requests, revisits, surveys, tasks,
duties, notices, inspections, merits) would otherwise run one ``aggregate()`` query per section. ``AggregateBatch``
collects them and reads them all in a single query the first time any of them is used (each queryset's aggregates
are a one-row derived table, scanned once; the tables are cross-joined), on PostgreSQL and SQLite alike::

    batch = AggregateBatch()
    requests = batch.add(ServiceRequest.objects.filter(project=p), active=Count("id", filter=~Q(status="closed")))
    tasks = batch.add(WorkTask.objects.filter(project=p), total=Count("id"))
    requests["active"], tasks["total"]  # one query for both

Each subquery is the queryset's own SQL (its scope, filters and joins), so a batched count is the same number the
queryset's ``aggregate()`` gives.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Value


class AggregateBatch:
    def __init__(self) -> None:
        self._parts: list[tuple] = []  # (queryset, {name: aggregate})
        self._values: list | None = None

    def add(self, queryset, **aggregates) -> BatchedAggregates:
        """Register ``aggregates`` (name → aggregate expression) over ``queryset``; read later, all at once."""
        if self._values is not None:
            raise RuntimeError("This batch has been read already; start a new one.")
        start = sum(len(part[1]) for part in self._parts)
        self._parts.append((queryset, aggregates))
        return BatchedAggregates(self, start, list(aggregates))

    def _read(self) -> list:
        if self._values is None:
            self._values = self._execute()
        return self._values

    def _execute(self) -> list:
        """One row: each ``add`` is a one-row derived table of its aggregates (one scan of its rows), cross-joined."""
        if not self._parts:
            return []
        using = self._parts[0][0].db
        connection = connections[using]
        tables, params, read = [], [], []  # read: (aggregate, None) from the database, or (None, value) as is
        for index, (queryset, aggregates) in enumerate(self._parts):
            names = list(aggregates)
            # Grouped by a constant: no GROUP BY, so one row even over no rows (COUNT 0), as aggregate() gives.
            subquery = queryset.order_by().values(_batch=Value(1)).annotate(**aggregates).values(*names)
            resolved = [subquery.query.annotations[name] for name in names]
            try:
                sql, sql_params = subquery.query.get_compiler(using=using).as_sql()
            except EmptyResultSet:  # .none(), or a filter on an empty list: no scan; what aggregate() answers then
                read += [(None, aggregate.empty_result_set_value) for aggregate in resolved]
                continue
            read += [(aggregate, None) for aggregate in resolved]
            tables.append(f"({sql}) batch_{index}")
            params.extend(sql_params)
        fetched = iter(())
        if tables:
            with connection.cursor() as cursor:
                # The tables are the querysets' own compiled SQL, their values passed as parameters.
                cursor.execute("SELECT * FROM " + " CROSS JOIN ".join(tables), params)  # noqa: S608
                fetched = iter(cursor.fetchone())
        row = []
        for aggregate, value in read:
            if aggregate is None:
                row.append(value)
                continue
            # Raw from the database: converted as the ORM does (the backend's converters, then the field's).
            value = next(fetched)
            for converter in connection.ops.get_db_converters(aggregate) + aggregate.get_db_converters(connection):
                value = converter(value, aggregate, connection)
            row.append(value)
        return row


class BatchedAggregates(Mapping):
    """The aggregates of one ``add``: a read-only mapping, filled when the batch is read."""

    def __init__(self, batch: AggregateBatch, start: int, names: list[str]) -> None:
        self._batch, self._start, self._names = batch, start, names

    def __getitem__(self, name: str):
        try:
            offset = self._names.index(name)
        except ValueError:
            raise KeyError(name) from None
        return self._batch._read()[self._start + offset]

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def __repr__(self) -> str:
        return f"<BatchedAggregates {', '.join(self._names)}>"
