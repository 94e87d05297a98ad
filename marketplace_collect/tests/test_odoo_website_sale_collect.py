"""Odoo's own click & collect tests, run with the suite installed: website_sale_collect's single-company
behaviour (its stores, its stock, its checkout) is unchanged for what is not the network's."""
from odoo.addons.website_sale_collect.tests.test_click_and_collect_flow import TestClickAndCollectFlow
from odoo.addons.website_sale_collect.tests.test_delivery_carrier import TestDeliveryCarrier
from odoo.addons.website_sale_collect.tests.test_payment_provider import TestOnSitePaymentProvider
from odoo.addons.website_sale_collect.tests.test_payment_transaction import TestOnSitePaymentTransaction
from odoo.addons.website_sale_collect.tests.test_sale_order import TestSaleOrder
from odoo.addons.website_sale_collect.tests.test_website import TestWebsite

__all__ = [
    "TestClickAndCollectFlow", "TestDeliveryCarrier", "TestOnSitePaymentProvider", "TestOnSitePaymentTransaction",
    "TestSaleOrder", "TestWebsite",
]
