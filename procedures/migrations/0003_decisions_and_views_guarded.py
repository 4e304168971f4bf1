"""R12: a decided or withdrawn decision, and every view (zienswijze), refuse UPDATE and DELETE in
the database. Exceptions: destruction's stub (R15), and an urgent decision's weighing, which is
added after it was decided (R9). A draft or a decision in hearing still changes."""

from django.db import migrations

from core.db import STUB_TEXT, guard

DECISION_TEXT = ("title", "proposal", "outcome", "weighing", "urgent_reason")


class Migration(migrations.Migration):
    dependencies = [
        ("casefile", "0008_audit_seals"),
        ("procedures", "0002_correction_request_own_statement"),
    ]

    operations = [
        guard(
            "casefile_decision",
            destroyable=dict.fromkeys(DECISION_TEXT, STUB_TEXT),
            final="OLD.state IN ('decided', 'withdrawn')",
            also=(
                "OLD.state = 'decided' AND OLD.is_urgent AND OLD.weighed_at IS NULL"
                " AND NEW.weighed_at IS NOT NULL",
                ("weighing", "weighed_at"),
            ),
        ),
        guard("casefile_decisionview", destroyable={"text": STUB_TEXT, "how_heard": STUB_TEXT}),
    ]
