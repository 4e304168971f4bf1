from django.apps import AppConfig


class HouseholdsConfig(AppConfig):
    name = "households"
    verbose_name = "Huishoudens"

    def ready(self):
        from auditlog.registry import auditlog

        from .models import Household, Member, NetworkContact

        auditlog.register(Household)
        auditlog.register(Member)
        auditlog.register(NetworkContact)
