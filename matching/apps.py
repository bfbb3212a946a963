from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = _("匹配")

    def ready(self) -> None:
        """Register the engine's domains (the engine imports none of them) and connect the
        receivers: the enterprises app's signals (profile changes, erasure) and a Celery worker
        process starting (it preloads the offer stores)."""
        from celery.signals import worker_process_init

        from matching.engine.registry import register
        from matching.engine.text import register_words
        from matching.financing.spec import FinancingDomain
        from matching.market.spec import ServicesDomain
        from matching.policies import receivers as policy_receivers
        from matching.supply.attributes import words as supply_words
        from matching.supply.spec import SupplyDomain
        from matching.talent import receivers as talent_receivers
        from matching.talent.spec import TalentDomain

        for spec in (FinancingDomain(), SupplyDomain(), TalentDomain(), ServicesDomain()):
            register(spec)
        register_words(supply_words())
        policy_receivers.connect()
        talent_receivers.connect()
        worker_process_init.connect(_preload_offer_stores, weak=False, dispatch_uid="matching-preload-stores")


def _preload_offer_stores(**_kwargs: object) -> None:
    """A worker process starts: load the matching offer stores in the background."""
    from matching.engine.offerstore import preload

    preload(["financing", "supply"])
