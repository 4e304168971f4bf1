from django.apps import AppConfig


class HouseholdsConfig(AppConfig):
    name = "households"
    verbose_name = "Huishoudens"

    def ready(self):
        from auditlog.registry import auditlog

        from .models import Household, Member, NetworkContact

        # `version` only counts edits (no lost updates); the trail names what the edit changed.
        auditlog.register(Household, exclude_fields=["version"])
        auditlog.register(Member, exclude_fields=["version"])
        auditlog.register(NetworkContact, exclude_fields=["version"])
