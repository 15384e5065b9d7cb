"""The assessment matrix (7.1.3): likelihood × impact → level. Configured by ``settings.RISK_MATRIX`` (rows:
likelihood 1…n, columns: impact 1…n, each cell a level code); the default is a 5×5 matrix over the five levels."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from risk.choices import RiskLevel

DEFAULT_RISK_MATRIX = [
    # impact: 1       2         3            4            5
    ["low", "low", "low", "medium", "medium"],  # likelihood 1 (rare)
    ["low", "low", "medium", "high", "high"],  # 2
    ["low", "medium", "high", "high", "very_high"],  # 3
    ["medium", "high", "high", "very_high", "critical"],  # 4
    ["medium", "high", "very_high", "critical", "critical"],  # 5 (almost certain)
]

# Levels from the lowest to the highest; the two highest need the executive to accept a risk (7.2.1).
LEVEL_ORDER = [RiskLevel.LOW, RiskLevel.MEDIUM, RiskLevel.HIGH, RiskLevel.VERY_HIGH, RiskLevel.CRITICAL]
RANK = {level.value: i for i, level in enumerate(LEVEL_ORDER)}
TOP_LEVELS = frozenset(level.value for level in LEVEL_ORDER[-2:])

LIKELIHOOD_LABELS = {1: _("Rare"), 2: _("Unlikely"), 3: _("Possible"), 4: _("Likely"), 5: _("Almost certain")}
IMPACT_LABELS = {1: _("Negligible"), 2: _("Minor"), 3: _("Moderate"), 4: _("Major"), 5: _("Severe")}


def matrix() -> list[list[str]]:
    return getattr(settings, "RISK_MATRIX", None) or DEFAULT_RISK_MATRIX


def size() -> int:
    return len(matrix())


def level_for(likelihood: int, impact: int) -> str:
    return matrix()[likelihood - 1][impact - 1]


def on_matrix(likelihood, impact) -> bool:
    """Whether a stored pair is still on the configured matrix (a smaller one may have replaced it)."""
    n = size()
    return isinstance(likelihood, int) and isinstance(impact, int) and 1 <= likelihood <= n and 1 <= impact <= n


def higher(new: str, old: str) -> bool:
    return RANK.get(new, -1) > RANK.get(old, -1)


def scale(labels: dict) -> list[tuple[int, str]]:
    """The choices of a scale: its labels on the default size, the numbers otherwise."""
    n = size()
    return [(i, f"{i} · {labels[i]}" if n == 5 else str(i)) for i in range(1, n + 1)]


def problems(value) -> list[str]:
    """What is wrong with a configured matrix (a system check reports it)."""
    if not isinstance(value, list | tuple) or not value:
        return ["RISK_MATRIX must be a non-empty list of rows."]
    n = len(value)
    found = []
    for i, row in enumerate(value, 1):
        if not isinstance(row, list | tuple) or len(row) != n:
            found.append(f"RISK_MATRIX row {i} must have {n} cells (the matrix is square).")
            continue
        found += [f"RISK_MATRIX row {i}: unknown level {cell!r}." for cell in row if cell not in RANK]
    return found
