# An assessment now counts as activity (issue 13): move each dossier's stored last activity up
# to its newest assessment where that is later than its newest entry.

from django.db import migrations
from django.db.models import F, OuterRef, Q, Subquery


def assessment_activity(apps, schema_editor):
    Dossier = apps.get_model("casefile", "Dossier")
    SafetyAssessment = apps.get_model("safety", "SafetyAssessment")
    newest = (
        SafetyAssessment.objects.filter(dossier=OuterRef("pk"))
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    dossiers = Dossier.objects.annotate(assessed=Subquery(newest)).filter(assessed__isnull=False)
    for pk, assessed in dossiers.filter(
        Q(last_activity__isnull=True) | Q(last_activity__lt=F("assessed"))
    ).values_list("pk", "assessed"):
        Dossier.objects.filter(pk=pk).update(last_activity=assessed)


class Migration(migrations.Migration):
    dependencies = [
        ("casefile", "0010_dossier_last_activity"),
        ("safety", "0004_search_refusals"),
    ]

    operations = [migrations.RunPython(assessment_activity, migrations.RunPython.noop, elidable=True)]
