# Qilian — each target is a thin call into scripts/ or manage.py.
.PHONY: run test lint bench eval services setup lock messages worker beat

run:          ## embedded PostgreSQL, demo data, http://127.0.0.1:8000
	@scripts/run.sh

test:         ## the whole suite on real PostgreSQL + Redis (+ Celery worker, + chromium)
	@scripts/test.sh $(ARGS)

setup:        ## .venv with the pinned requirements
	@scripts/setup.sh

services:     ## make sure PostgreSQL and Redis are up; print their URLs
	@scripts/services.sh

lint:        ## ruff and the import contracts (pyproject.toml, docs/architecture.md)
	@.venv/bin/ruff check .
	@.venv/bin/lint-imports --no-cache --no-logo

messages:     ## refresh and compile the English catalog
	@.venv/bin/python manage.py makemessages -l en --ignore=.venv --ignore=staticfiles --ignore=.data
	@.venv/bin/python manage.py compilemessages -l en --ignore=.venv

lock:         ## re-pin requirements.txt from requirements.in
	@.venv/bin/pip install -q -r requirements.in && .venv/bin/pip freeze > requirements.txt

bench:        ## the matching benchmark at SCALE needs × offers per domain (default 100000): benchmarks/results/
	@scripts/bench.sh $(or $(SCALE),100000) $(ARGS)

eval:         ## relevance on the judged sets (benchmarks/judged/): benchmarks/results/relevance.{json,md}
	@scripts/eval.sh $(ARGS)

worker:
	@.venv/bin/celery -A config worker -Q default,matching -l info

beat:
	@.venv/bin/celery -A config beat -l info --scheduler django_celery_beat.schedulers:DatabaseScheduler

# Operations (docs/operations.md): backups of $DATABASE_URL, and the long fault/property runs.
.PHONY: backup restore soak

backup:       ## pg_dump $DATABASE_URL into backups/<db>-<UTC time>.dump
	@scripts/backup.sh

restore:      ## pg_restore FILE=backups/<name>.dump into $DATABASE_URL (replaces what the dump holds)
	@scripts/restore.sh "$(FILE)"

soak:         ## longer variants: many more hypothesis examples, fault tests repeated, longer load/fuzz (~20 min)
	@scripts/soak.sh
