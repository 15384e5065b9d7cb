"""The admin of contracts: an administrator records who the legal representative is (8.1.1); everything else is
read-only here, because it changes only through the contract services (review, approval, signing, archive)."""

from django.contrib import admin

from contracts.models import ArchiveRecord, Authorisation, Contract, LegalRepresentative
from core.admin import ReadOnlyAdmin


@admin.register(LegalRepresentative)
class LegalRepresentativeAdmin(admin.ModelAdmin):
    list_display = ["user", "valid_from", "valid_until"]
    autocomplete_fields = ["user"]


@admin.register(Contract)
class ContractAdmin(ReadOnlyAdmin):
    list_display = ["number", "title", "client", "status", "amount", "service_end"]
    list_filter = ["status", "contract_type"]
    search_fields = ["number", "title"]


@admin.register(Authorisation)
class AuthorisationAdmin(ReadOnlyAdmin):
    list_display = ["number", "grantee", "max_amount", "valid_from", "valid_until", "revoked_on"]


@admin.register(ArchiveRecord)
class ArchiveRecordAdmin(ReadOnlyAdmin):
    list_display = ["archive_number", "contract", "location", "custodian"]
