.PHONY: run test setup lint format messages bench
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
