from django.apps import AppConfig


class CasefileConfig(AppConfig):
    name = "casefile"
    verbose_name = "Dossiers"

    def ready(self):
        from auditlog.registry import auditlog

        from .models import Dossier, Entry, Involvement, OwnStatement

        # last_activity is a copy of the newest entry's time, not a change anyone made.
        auditlog.register(Dossier, exclude_fields=["last_activity"])
        auditlog.register(Involvement)
        # The reverse one-to-one from a correction request is not a field of the entry; reading
        # it would cost a query on every entry written.
        auditlog.register(
            Entry, m2m_fields={"about_members"}, exclude_fields=["correction_request"]
        )
        auditlog.register(OwnStatement)
