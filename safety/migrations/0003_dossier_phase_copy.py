# Dossiers now keep a copy of their newest phase (casefile 0007); fill it in for existing ones.

from django.db import migrations
from django.db.models import OuterRef, Subquery


def copy_phase(apps, schema_editor):
    Dossier = apps.get_model("casefile", "Dossier")
    PhaseChange = apps.get_model("safety", "PhaseChange")
    newest = PhaseChange.objects.filter(dossier=OuterRef("pk")).order_by("-changed_at")
    Dossier.objects.update(phase=Subquery(newest.values("phase")[:1]))


class Migration(migrations.Migration):
    dependencies = [
        ("casefile", "0007_dossier_phase_and_list_reads"),
        ("safety", "0002_searches_append_only"),
    ]

    operations = [migrations.RunPython(copy_phase, migrations.RunPython.noop)]
