# The link between a refused correction request and the member's own statement now points from
# the request to the statement, so the statement can live with the entry in casefile.

import django.db.models.deletion
from django.db import migrations, models


def copy_links(apps, schema_editor):
    OwnStatement = apps.get_model("casefile", "OwnStatement")
    CorrectionRequest = apps.get_model("procedures", "CorrectionRequest")
    for statement_id, request_id in OwnStatement.objects.values_list("pk", "correction_request_id"):
        CorrectionRequest.objects.filter(pk=request_id).update(own_statement_id=statement_id)


def copy_links_back(apps, schema_editor):
    OwnStatement = apps.get_model("casefile", "OwnStatement")
    CorrectionRequest = apps.get_model("procedures", "CorrectionRequest")
    for request_id, statement_id in CorrectionRequest.objects.filter(
        own_statement__isnull=False
    ).values_list("pk", "own_statement_id"):
        OwnStatement.objects.filter(pk=statement_id).update(correction_request_id=request_id)


class Migration(migrations.Migration):
    dependencies = [
        ("casefile", "0005_dossier_retention"),
        ("procedures", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="correctionrequest",
            name="own_statement",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="correction_request",
                to="casefile.ownstatement",
            ),
        ),
        migrations.RunPython(copy_links, copy_links_back),
    ]
