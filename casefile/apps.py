from django.apps import AppConfig


class CasefileConfig(AppConfig):
    name = "casefile"
    verbose_name = "Dossiers"

    def ready(self):
        from auditlog.registry import auditlog

        from .models import Dossier, Entry, Involvement, OwnStatement

        # `version` only counts edits (no lost updates); the trail names what the edit changed.
        auditlog.register(Dossier, exclude_fields=["version"])
        auditlog.register(Involvement)
        auditlog.register(Entry, m2m_fields={"about_members"})
        auditlog.register(OwnStatement)
