"""Risk pages (ch. 7): the register, a risk with its assessments and responses, the heat map and trend, a
project's risks and reviews (register); the indicators, readings and warnings (indicators)."""

from risk.views.indicators import (
    IndicatorListView,
    ReadingRecordView,
    WarningDetailView,
    WarningHandleView,
    WarningListView,
)
from risk.views.register import (
    CheckRecordView,
    HeatmapView,
    ProjectRisksView,
    ResponseProposeView,
    ResponseTransitionView,
    ReviewCompleteView,
    ReviewListView,
    RiskAssessView,
    RiskCloseView,
    RiskDetailView,
    RiskListView,
    RiskRecordView,
)

__all__ = [
    "CheckRecordView",
    "HeatmapView",
    "IndicatorListView",
    "ProjectRisksView",
    "ReadingRecordView",
    "ResponseProposeView",
    "ResponseTransitionView",
    "ReviewCompleteView",
    "ReviewListView",
    "RiskAssessView",
    "RiskCloseView",
    "RiskDetailView",
    "RiskListView",
    "RiskRecordView",
    "WarningDetailView",
    "WarningHandleView",
    "WarningListView",
]
