from datetime import datetime
from unittest.mock import patch

from odoo.tests import HttpCase, tagged

from .common import SettlementCommon


@tagged("post_install", "-at_install")
class TestMemberStatementTour(SettlementCommon, HttpCase):
    """Issue 22, in Chromium: a member opens Odoo on its orders, goes to its settlements and
    downloads last month's statement."""

    def test_a_member_lands_on_its_orders_and_downloads_its_statement(self):
        self.sold({self.v38: 1}, datetime(2026, 10, 5, 10))
        settlement = self.settle(datetime(2026, 11, 1, 3))
        self.assertEqual(len(settlement), 1)
        self.user_lyon.write({"password": "lyon-passe", "action_id": self.env.ref(
            "marketplace_orders.action_marketplace_order").id})
        Settlement = type(self.env["marketplace.settlement"])
        document = Settlement.marketplace_document
        downloads = []

        def record(settlement, kind):
            result = document(settlement, kind)
            downloads.append((settlement.env.uid, settlement.id, kind, result["mimetype"], len(result["content"])))
            return result

        with patch.object(Settlement, "marketplace_document", record):
            self.start_tour("/odoo", "marketplace_member_statement", login=self.user_lyon.login)
        self.assertEqual(len(downloads), 1, downloads)
        uid, settlement_id, kind, mimetype, size = downloads[0]
        self.assertEqual((uid, settlement_id, kind), (self.user_lyon.id, settlement.id, "statement"))
        self.assertIn(mimetype, ("application/pdf", "text/html"))
        self.assertTrue(size)
