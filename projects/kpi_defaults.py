"""The department's default KPIs, from policy 4.2.3 and 4.2.1 (installed by migration; the quality group edits them
in the app). Kept out of the migration so that tests which flush the database can install them again."""

DEFAULT_KPIS = [
    # code, name, metric, comparator, target, clause
    ("issue-handling-rate", "问题处理率 Issue-handling rate", "issue_handling_rate", "gte", "100", "4.2.3"),
    ("complaint-satisfaction", "投诉处理满意度 Complaint-handling satisfaction", "complaint_satisfaction", "gte",
     "95", "4.2.3"),
    ("revisit-rate", "客户回访率 Client revisit rate", "revisit_rate", "gte", "100", "4.2.3"),
    ("client-satisfaction", "客户满意度 Client satisfaction", "client_satisfaction", "gte", "90", "4.2.3"),
    ("timely-response", "及时响应率 Timely response", "timely_response", "gte", "100", "4.2.3"),
    ("major-incidents", "重大安全事故与质量问题 Major safety incidents and quality problems", "major_incidents",
     "lte", "0", "4.2.1"),
]  # fmt: skip


def install_default_kpis(model) -> None:
    """Create the default KPIs that do not exist yet (``model``: the KpiDefinition model, historical or current)."""
    for code, name, metric, comparator, target, clause in DEFAULT_KPIS:
        model.objects.get_or_create(
            code=code, defaults={"name": name, "metric": metric, "comparator": comparator, "target": target,
                                 "clause": clause, "period": "month"}
        )  # fmt: skip
