from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "safety"
    verbose_name = "Veiligheid"

    def ready(self):
        from auditlog.registry import auditlog

        from .models import (
            HouseholdSearch,
            MdaChange,
            Measure,
            PhaseChange,
            SafetyAgreement,
            SafetyAssessment,
            SafetyPlan,
        )

        auditlog.register(SafetyAssessment, m2m_fields={"acute_members"})
        auditlog.register(PhaseChange)
        auditlog.register(SafetyPlan)
        auditlog.register(SafetyAgreement)
        auditlog.register(Measure, m2m_fields={"members"})
        auditlog.register(MdaChange)
        auditlog.register(HouseholdSearch)
