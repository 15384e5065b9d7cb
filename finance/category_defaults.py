"""What a new installation starts with: the finance categories (6.1.1 revenue, cost and expense; 6.3.1 the allowed
scope and standard limits) and the financial early-warning indicators (6.4.2). Installed by data migrations; finance
edits them afterwards."""

from decimal import Decimal

# fmt: off
DEFAULT_CATEGORIES = [
    # kind, code, English, Chinese, allowed scope, standard limit per item
    ("revenue", "service-fees", "Managed-operations service fees", "托管运营服务费", "", None),
    ("revenue", "commissions", "Leasing commissions", "招商佣金", "", None),
    ("revenue", "other-revenue", "Other revenue", "其他收入", "", None),
    ("cost", "staff", "Staff costs", "人工成本", "Salaries, social insurance, benefits of staff.", None),
    (
        "cost",
        "subcontracting",
        "Subcontracted services",
        "外包服务",
        "Cleaning, security, other subcontracts.",
        None,
    ),
    (
        "cost",
        "marketing",
        "Marketing and events",
        "营销推广",
        "Campaigns, events, advertising.",
        None,
    ),
    ("cost", "maintenance", "Maintenance and repairs", "维修保养", "Repairs and upkeep of the site.", None),
    ("expense", "travel", "Travel", "差旅费", "Transport and lodging on business trips.", Decimal("3000.00")),
    ("expense", "meals", "Business meals", "业务招待费", "Meals with clients and partners.", Decimal("1000.00")),
    ("expense", "office", "Office supplies", "办公用品", "Stationery and small equipment.", Decimal("2000.00")),
    ("expense", "training", "Training", "培训费", "Courses and certification fees.", Decimal("5000.00")),
]
# fmt: on


def install_default_categories(model) -> None:
    """Create the default categories that do not exist yet (``model``: FinanceCategory, real or historical)."""
    existing = set(model.objects.values_list("code", flat=True))
    model.objects.bulk_create([
        model(kind=kind, code=code, name=name, name_zh=name_zh, scope=scope, standard_limit=limit)
        for kind, code, name, name_zh, scope, limit in DEFAULT_CATEGORIES if code not in existing
    ])  # fmt: skip


# fmt: off
DEFAULT_INDICATORS = [
    # code, metric, English, Chinese, unit, warning, critical
    ("finance-spending-ahead", "finance.spending-ahead", "Spending above budget to date", "成本费用超预算进度", "%",
     Decimal("10"), Decimal("25")),
    ("finance-revenue-shortfall", "finance.revenue-shortfall", "Revenue short of budget", "收入未达预算", "%",
     Decimal("10"), Decimal("25")),
    ("finance-receivables-overdue", "finance.receivables-overdue", "Receivables overdue", "应收账款逾期", "CNY",
     Decimal("0.01"), Decimal("100000")),
]
# fmt: on


def install_default_indicators(model) -> None:
    """Create the financial early-warning indicators that do not exist yet (``model``: risk Indicator)."""
    for code, metric, name, name_zh, unit, warning, critical in DEFAULT_INDICATORS:
        model.objects.get_or_create(code=code, defaults={
            "metric": metric, "name": name, "name_zh": name_zh, "unit": unit, "direction": "above",
            "warning_threshold": warning, "critical_threshold": critical, "clause": "6.4.2"})  # fmt: skip
