"""The key risk indicators the system computes itself (7.3.1), installed by a data migration; their thresholds are
the department's to change. The financial early warning's (6.4.2) are finance.category_defaults'."""

from __future__ import annotations

from decimal import Decimal

# fmt: off
DEFAULT_INDICATORS = [
    # code, metric, English, Chinese, warning, critical
    ("risk-kpi-missed", "projects.kpi-missed", "KPIs missing their targets", "KPI 未达标项数",
     Decimal("1"), Decimal("3")),
    ("risk-overdue-rectifications", "projects.overdue-rectifications", "Rectification notices overdue",
     "逾期未完成的整改通知", Decimal("1"), Decimal("3")),
    ("risk-open-complaints", "projects.open-complaints", "Complaints not closed", "未关闭的投诉",
     Decimal("2"), Decimal("5")),
    ("risk-overdue-obligations", "contracts.overdue-obligations", "Contract obligations overdue",
     "逾期未履行的合同义务", Decimal("1"), Decimal("3")),
    ("risk-staff-turnover", "staff.turnover", "Staff turnover (12 months, %)", "员工流失率（近 12 个月，%）",
     Decimal("15"), Decimal("25")),
]
# fmt: on


def install_default_indicators(model) -> None:
    """Create the system risk indicators that do not exist yet (``model``: risk Indicator)."""
    for code, metric, name, name_zh, warning, critical in DEFAULT_INDICATORS:
        model.objects.get_or_create(code=code, defaults={
            "metric": metric, "name": name, "name_zh": name_zh, "unit": "%" if "%" in name else "",
            "direction": "above",
            "warning_threshold": warning, "critical_threshold": critical, "clause": "7.3.2"})  # fmt: skip
