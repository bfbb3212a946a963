from django.db import migrations


def load(apps, schema_editor):
    from matching.supply.categories import load_categories

    load_categories(apps)


class Migration(migrations.Migration):
    dependencies = [("matching", "0004_supply_chain"), ("enterprises", "0002_reference_data")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
