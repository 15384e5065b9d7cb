"""Who is who in the tests: the logins of the ``users`` fixture and the groups of them that the expectations of
the scope matrix and the browser journeys are written in. Written out by hand from DESIGN.md, not derived from
the code under test."""

ROLES = ["head", "executive", "market", "planner", "service", "inspector", "hr", "finance", "legal", "signatory",
         "employee", "client", "client2", "auditor", "admin"]  # fmt: skip

EVERYONE = set(ROLES)
CLIENTS = {"client", "client2"}
STAFF = EVERYONE - CLIENTS
AUDIT_READERS = {"head", "executive", "auditor", "admin"}
PROJECT_READERS = EVERYONE - {"hr", "signatory", "employee"}
GATE_KEEPERS = {"head", "admin"}
