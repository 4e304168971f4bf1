from django.apps import AppConfig


class ProceduresConfig(AppConfig):
    name = "procedures"
    verbose_name = "Rechtsbescherming"

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

        # Decisions, complaints and requests (R9–R11, R15) are case data: every change is audited.
        auditlog.register(models.Decision, m2m_fields={"concerns"})
        auditlog.register(models.DecisionTransition)
        auditlog.register(models.HearingInvitation)
        auditlog.register(models.DecisionView)
        auditlog.register(models.Complaint, m2m_fields={"entries"})
        auditlog.register(models.ComplaintStatusChange)
        auditlog.register(models.CorrectionRequest)
        auditlog.register(models.DestructionRequest, m2m_fields={"entries"})
        auditlog.register(models.DossierDestruction)
