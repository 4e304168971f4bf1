"""R5, R12: the record of household searches is append-only in the database itself."""

from django.db import migrations

from core.db import append_only


class Migration(migrations.Migration):
    dependencies = [("safety", "0001_initial")]

    operations = [append_only("safety_householdsearch")]
