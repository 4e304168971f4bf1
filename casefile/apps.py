from django.apps import AppConfig


class CasefileConfig(AppConfig):
    name = "casefile"
    verbose_name = "Dossiers"

    def ready(self):
        from auditlog.registry import auditlog

        from .models import Dossier, Entry, Involvement, OwnStatement

        # `version` only counts edits (no lost updates); last_activity is a copy of the newest
        # entry's time, not a change anyone made.
        auditlog.register(Dossier, exclude_fields=["version", "last_activity"])
        auditlog.register(Involvement)
        # The reverse one-to-one from a correction request is not a field of the entry; reading
        # it would cost a query on every entry written.
        auditlog.register(
            Entry, m2m_fields={"about_members"}, exclude_fields=["correction_request"]
        )
        auditlog.register(OwnStatement)

        from auditlog.models import LogEntry
        from django.db.models.signals import post_save

        from . import seals
        from .models import AccessEvent

        # A signal, because auditlog writes its rows itself; in the writer's transaction (R12).
        def seal_new(sender, instance, created, raw=False, **kwargs):
            if created and not raw:
                seals.seal(sender, [instance.pk])

        # weak=False: the receiver is local to ready(), and a weak reference to it would be
        # collected, leaving rows unsealed (seen in gunicorn with DEBUG off).
        post_save.connect(seal_new, sender=LogEntry, dispatch_uid="seal-log-entry", weak=False)
        post_save.connect(
            seal_new, sender=AccessEvent, dispatch_uid="seal-access-event", weak=False
        )
