"""Contract pages (ch. 8)."""

from contracts.views.archive import ArchiveCopyView, ArchiveDetailView, ArchiveListView, BorrowDecideView, BorrowView
from contracts.views.contract import *  # noqa: F403
from contracts.views.contract import __all__ as _contract_views
from contracts.views.performance import ObligationListView
from contracts.views.signing import AuthorisationCreateView, AuthorisationListView, AuthorisationRevokeView

__all__ = [
    *_contract_views,
    "ArchiveCopyView",
    "ArchiveDetailView",
    "ArchiveListView",
    "AuthorisationCreateView",
    "AuthorisationListView",
    "AuthorisationRevokeView",
    "BorrowDecideView",
    "BorrowView",
    "ObligationListView",
]
