from django.apps import AppConfig


class CasefileConfig(AppConfig):
    name = "casefile"
    verbose_name = "Dossiers"

    def ready(self):
        from auditlog.registry import auditlog

        from .models import Dossier, Entry, Involvement

        auditlog.register(Dossier)
        auditlog.register(Involvement)
        auditlog.register(Entry, m2m_fields={"about_members"})
        _register_procedures(auditlog)


def _register_procedures(auditlog) -> None:
    """Decisions, complaints and requests (R9–R11, R15) are case data: every change is audited."""
    from . import models

    auditlog.register(models.Decision, m2m_fields={"concerns"})
    auditlog.register(models.DecisionTransition)
    auditlog.register(models.HearingInvitation)
    auditlog.register(models.DecisionView)
    auditlog.register(models.Complaint)
    auditlog.register(models.ComplaintStatusChange)
    auditlog.register(models.CorrectionRequest)
    auditlog.register(models.OwnStatement)
    auditlog.register(models.DestructionRequest, m2m_fields={"entries"})
    # PDF copies (inzage): who asked for a copy of which dossier is part of the record (R12).
    auditlog.register(models.CopyRequest)
