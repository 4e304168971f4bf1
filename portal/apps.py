from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Mijn dossier (gezin)"

    def ready(self):
        from auditlog.registry import auditlog

        from .models import CopyRequest

        # PDF copies (inzage): who asked for a copy of which dossier is part of the record (R12).
        auditlog.register(CopyRequest)
