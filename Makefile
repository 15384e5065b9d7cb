.PHONY: run test setup lint format messages bench proof proof-concurrency proof-crash proof-fuzz proof-security proof-a11y drill
# The two commands of the README:
run:        ## set up, migrate, seed demo data, start web + worker + beat
	bash scripts/run.sh
test:       ## set up, then run the whole test suite
	bash scripts/test.sh

setup:
	bash scripts/setup.sh
lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .
format:
	.venv/bin/ruff check --fix . && .venv/bin/ruff format .
messages:   ## extract strings into locale/*/django.po (then translate, then `make test` compiles them)
	.venv/bin/python manage.py makemessages -l zh_Hans -l en --ignore=.venv --ignore=var --no-obsolete

# Proof under load, faults and bad input (docs/PROOF.md): each part on its own, against the machine's PostgreSQL and
# Redis as in CI (they run in `make test` too).
PG = DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/managedops} \
     REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/0} CELERY_BROKER_URL=$${CELERY_BROKER_URL:-redis://127.0.0.1:6379/1} CI=true
proof: proof-concurrency proof-crash proof-fuzz proof-security proof-a11y
proof-concurrency:  ## 20 parallel approvals over HTTP of a stage gate, budget, contract, resignation
	$(PG) bash scripts/test.sh tests/core/test_http_concurrency.py
proof-crash:        ## a worker SIGKILLed inside a KPI sweep, an inspection generation, a PDF render
	$(PG) bash scripts/test.sh tests/core/test_crash_recovery.py
proof-fuzz:         ## schemathesis over the whole OpenAPI schema, every role
	$(PG) bash scripts/test.sh tests/api
proof-security:     ## lockout, CSP and headers, uploads, the audit chain and the app role, check --deploy, the drill
	$(PG) bash scripts/test.sh tests/core/test_security.py tests/core/test_audit_chain.py \
	  tests/test_quality_gates.py::test_production_settings_pass_check_deploy
proof-a11y:         ## axe-core in Chromium over every role's pages
	$(PG) bash scripts/test.sh tests/browser/test_accessibility.py
drill:              ## backup -> restore -> the audit chain verifies (DATABASE_URL: the PostgreSQL database)
	bash scripts/backup_restore_drill.sh
