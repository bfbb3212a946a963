"""Reference data shipped with Qilian: GB/T 2260 regions, GB/T 4754-2017 industries, Hunan's chains.

The data lives in plain Python modules (``regions``, ``industries``, ``chains``) with no Django
imports; :mod:`enterprises.reference.loader` upserts it into the database. It is loaded by the
data migration ``0002_reference_data`` and refreshed with ``manage.py load_reference``.
"""
