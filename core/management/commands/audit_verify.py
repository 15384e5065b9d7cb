"""Verify the audit trail's hash chain: seal what is committed and not sealed yet, then recompute every digest
from the start. Exit status 1, naming the first tampered event, when the chain is broken."""

from django.core.management.base import BaseCommand, CommandError

from core import chain


class Command(BaseCommand):
    help = "Seal the audit events not sealed yet and verify the audit trail's hash chain from its start."

    def add_arguments(self, parser):
        parser.add_argument("--no-seal", action="store_true", help="Verify only; seal nothing first.")

    def handle(self, *args, no_seal=False, **options):
        if not no_seal:
            sealed = chain.seal(everything=True)
            self.stdout.write(f"sealed {sealed} new events")
        result = chain.verify()
        if result.ok:
            self.stdout.write(self.style.SUCCESS(f"audit chain verified: {result.checked} events, head {result.head}"))
            return
        if result.reason == "unsealed":
            raise CommandError(f"audit chain verified up to {result.checked} events, head {result.head}; "
                               f"{result.unsealed} events are not sealed yet")  # fmt: skip
        what = {"changed": "its content differs from what was sealed",
                "missing": "the seal of this position is missing (an event or its seal was removed)"}  # fmt: skip
        what = what[result.reason]
        raise CommandError(f"audit chain broken at position {result.first_bad_index}, event id "
                           f"{result.first_bad_event}: {what}; {result.checked} events before it verify")  # fmt: skip
