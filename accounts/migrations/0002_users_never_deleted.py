"""R12: accounts are deactivated, never deleted, so audit rows keep their actor (auditlog's actor
column is SET_NULL, and the audit rows themselves refuse that UPDATE too)."""

from django.db import migrations

from core.db import no_delete


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [no_delete("accounts_user")]
