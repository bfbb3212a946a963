from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnterprisesConfig(AppConfig):
    name = "enterprises"
    verbose_name = _("参与方")

    def ready(self) -> None:
        """Connect the security log's receivers of Django's sign-in signals."""
        from enterprises.security import receivers

        receivers.connect()
