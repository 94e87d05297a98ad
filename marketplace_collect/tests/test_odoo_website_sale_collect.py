"""Odoo's own click & collect tests, run with the suite installed: website_sale_collect's single-company
behaviour (its stores, its stock, its checkout) is unchanged for what is not the network's."""
from odoo.addons.marketplace_orders.tests.common import HubStoresSetAside
from odoo.addons.website_sale_collect.tests import (
    test_click_and_collect_flow,
    test_delivery_carrier,
    test_payment_provider,
    test_payment_transaction,
    test_sale_order,
    test_website,
)
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestClickAndCollectFlow(test_click_and_collect_flow.TestClickAndCollectFlow, HubStoresSetAside):
    pass


@tagged("post_install", "-at_install")
class TestDeliveryCarrier(test_delivery_carrier.TestDeliveryCarrier, HubStoresSetAside):
    pass


@tagged("post_install", "-at_install")
class TestOnSitePaymentProvider(test_payment_provider.TestOnSitePaymentProvider, HubStoresSetAside):
    pass


@tagged("post_install", "-at_install")
class TestOnSitePaymentTransaction(test_payment_transaction.TestOnSitePaymentTransaction, HubStoresSetAside):
    pass


@tagged("post_install", "-at_install")
class TestSaleOrder(test_sale_order.TestSaleOrder, HubStoresSetAside):
    pass


@tagged("post_install", "-at_install")
class TestWebsite(test_website.TestWebsite, HubStoresSetAside):
    pass
