"""Demo world for ``manage.py seed_demo``: a believable, deterministic Hunan dataset.

Everything generated here is fictitious demo data (company names, people, codes), built on
the real reference data (regions, industries, chains) and on the facts in the project's data
sheet (banks, chain segments, certifications, skills, salary ranges).
"""

DEMO_PASSWORD = "qilian-demo-2026"
DEMO_EMAIL_DOMAIN = "demo.qilian.local"
