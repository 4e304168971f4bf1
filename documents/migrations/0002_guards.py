"""R8, R12: documents and their versions are append-only in the database itself; destruction
(R15) may only write its stub into the declared columns (core.db)."""

from django.db import migrations

from core.db import STUB_TEXT, guard


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [
        guard("documents_document", destroyable={"title": STUB_TEXT}),
        guard(
            "documents_documentversion",
            destroyable={
                "file": STUB_TEXT,
                "original_name": STUB_TEXT,
                "sha256": STUB_TEXT,
            },
        ),
    ]
