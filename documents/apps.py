from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = "Documenten"

    def ready(self):
        from auditlog.registry import auditlog

        from .models import Document, DocumentVersion

        auditlog.register(Document, m2m_fields={"about_members"})
        auditlog.register(DocumentVersion)
