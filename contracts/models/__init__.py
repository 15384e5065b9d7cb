from contracts.models.archive import ArchiveAccess, ArchiveRecord, Borrowing
from contracts.models.contract import TERM_FIELDS, Contract, ContractClause, ContractVersion, LegalReview
from contracts.models.performance import Obligation, PerformanceEvaluation, TerminationNotice
from contracts.models.signing import Authorisation, LegalRepresentative, is_legal_representative, signing_authority

__all__ = [
    "TERM_FIELDS",
    "ArchiveAccess",
    "ArchiveRecord",
    "Authorisation",
    "Borrowing",
    "Contract",
    "ContractClause",
    "ContractVersion",
    "LegalRepresentative",
    "LegalReview",
    "Obligation",
    "PerformanceEvaluation",
    "TerminationNotice",
    "is_legal_representative",
    "signing_authority",
]
