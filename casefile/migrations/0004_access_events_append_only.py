"""R12: access events are append-only in the database itself (see config.append_only)."""

from django.db import migrations

from core.db import append_only


class Migration(migrations.Migration):
    dependencies = [("casefile", "0003_copies")]

    operations = [append_only("casefile_accessevent")]
