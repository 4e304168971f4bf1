from django.apps import AppConfig


class CasefileConfig(AppConfig):
    name = "casefile"
    verbose_name = "Dossiers"

    def ready(self):
        from auditlog.registry import auditlog

        from .models import Dossier, Entry, Involvement, OwnStatement

        auditlog.register(Dossier)
        auditlog.register(Involvement)
        auditlog.register(Entry, m2m_fields={"about_members"})
        auditlog.register(OwnStatement)
