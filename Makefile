# Qilian — each target is a thin call into scripts/ or manage.py.
.PHONY: run test lint bench services setup lock messages worker beat

run:          ## embedded PostgreSQL, demo data, http://127.0.0.1:8000
	@scripts/run.sh

test:         ## the whole suite on real PostgreSQL + Redis (+ Celery worker, + chromium)
	@scripts/test.sh $(ARGS)

setup:        ## .venv with the pinned requirements
	@scripts/setup.sh

services:     ## make sure PostgreSQL and Redis are up; print their URLs
	@scripts/services.sh

lint:
	@.venv/bin/ruff check .

messages:     ## refresh and compile the English catalog
	@.venv/bin/python manage.py makemessages -l en --ignore=.venv --ignore=staticfiles --ignore=.data
	@.venv/bin/python manage.py compilemessages -l en --ignore=.venv

lock:         ## re-pin requirements.txt from requirements.in
	@.venv/bin/pip install -q -r requirements.in && .venv/bin/pip freeze > requirements.txt

worker:
	@.venv/bin/celery -A config worker -Q default,matching -l info

beat:
	@.venv/bin/celery -A config beat -l info --scheduler django_celery_beat.schedulers:DatabaseScheduler
