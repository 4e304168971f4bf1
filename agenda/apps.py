from django.apps import AppConfig


class AgendaConfig(AppConfig):
    name = "agenda"
    verbose_name = "Agenda"

    def ready(self):
        from auditlog.registry import auditlog

        from .models import MdaTeam, Meeting, MeetingParticipant, Task, TaskReminder

        auditlog.register(Task)
        auditlog.register(TaskReminder)
        auditlog.register(Meeting, m2m_fields={"proposals"})
        auditlog.register(MeetingParticipant)
        auditlog.register(MdaTeam)
