"""Odoo's own sale_stock tests, run with the suite installed: the hub still sells its own
products (what no member stocks) from its warehouse the way Odoo does; only catalogue products
are routed to the members' stores."""
from odoo.addons.sale_stock.tests import test_sale_stock
from odoo.tests import tagged

from .common import HubStoresSetAside


@tagged("post_install", "-at_install")
class TestSaleStock(test_sale_stock.TestSaleStock, HubStoresSetAside):
    pass
