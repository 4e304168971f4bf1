from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts en organisaties"

    def ready(self):
        from auditlog.registry import auditlog
        from django.contrib.auth.signals import user_logged_in
        from django_otp.plugins.otp_static.models import StaticDevice
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from .middleware import session_limits_start
        from .models import AccountRequest, Municipality, Organisation, User

        auditlog.register(User, exclude_fields=["password", "last_login"])
        auditlog.register(Organisation)
        auditlog.register(Municipality)
        auditlog.register(AccountRequest)
        # Enrolment and reset of the second factor; never its key or counters.
        for device in (TOTPDevice, StaticDevice):
            auditlog.register(device, include_fields=["user", "name", "confirmed"])
        user_logged_in.connect(session_limits_start, dispatch_uid="accounts.session_limits")
