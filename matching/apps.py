from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = _("匹配")

    def ready(self) -> None:
        """Register the engine's domains (the engine imports none of them) and connect the
        receivers: a worker process preloads the offer stores."""
        from celery.signals import worker_process_init

        from matching.engine.registry import register
        from matching.financing.spec import FinancingDomain
        from matching.market.spec import ServicesDomain
        from matching.supply.spec import SupplyDomain
        from matching.talent.spec import TalentDomain

        for spec in (FinancingDomain(), SupplyDomain(), TalentDomain(), ServicesDomain()):
            register(spec)
        worker_process_init.connect(_preload_offer_stores, weak=False, dispatch_uid="matching-preload-stores")


def _preload_offer_stores(**_kwargs: object) -> None:
    """A worker process starts: load the matching offer stores in the background."""
    from matching.engine.offerstore import preload

    preload(["financing", "supply"])
