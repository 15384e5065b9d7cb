"""System checks run at start-up."""

from django.core import checks


@checks.register()
def policy_registry_check(app_configs, **kwargs):
    """Every cited clause exists (clause() already raises at import); every workflow's clauses are known."""
    from core.policy import registry
    from core.workflow import WORKFLOWS

    errors = []
    known = {c.id for c in registry.all()}
    for wf in WORKFLOWS.values():
        for t in wf.transitions:
            for cid in [t.clause, *(c.clause for c in t.conditions)]:
                if cid not in known:
                    errors.append(checks.Error(f"{wf.name}: unknown clause {cid}", id="core.E001"))
    return errors


@checks.register()
def risk_matrix_check(app_configs, **kwargs):
    """settings.RISK_MATRIX is a square matrix of known levels (7.1.3)."""
    from django.conf import settings

    from risk.matrix import problems

    value = getattr(settings, "RISK_MATRIX", None)
    return [] if value is None else [checks.Error(p, id="risk.E001") for p in problems(value)]
