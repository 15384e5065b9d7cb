"""Key risk indicators computed by the system (7.3.1): each app registers the metrics it knows how to compute —
finance the budget-execution indicators (6.4.2), later the risk issue KPIs, rectifications, complaints, contract
obligations and staff turnover. A metric returns {project id or None: value} for a day, in a few queries."""

from __future__ import annotations

from collections.abc import Callable

METRICS: dict[str, dict] = {}


def metric(key: str, *, label):
    """Register ``func(today) -> {project_id | None: Decimal}`` as the system source ``key`` of indicators."""

    def register(func: Callable):
        METRICS[key] = {"func": func, "label": label}
        return func

    return register


def metric_choices() -> list[tuple[str, str]]:
    return [(key, str(info["label"])) for key, info in sorted(METRICS.items())]
