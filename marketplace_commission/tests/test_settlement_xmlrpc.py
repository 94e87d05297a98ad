import base64
import xmlrpc.client

from odoo.tests import HttpCase, tagged

from .common import SettlementCommon


@tagged("post_install", "-at_install")
class TestSettlementXmlrpc(SettlementCommon, HttpCase):
    """A member's software as the real user over XML-RPC: its own settlements and their
    documents, never another member's; no invoice of its own making."""

    def setUp(self):
        super().setUp()
        self.member_order = self.sold({self.v39: 1}, "2026-11-02 10:00:00")
        self.settlement = self.settle("2026-11-17 10:00:00")

    def test_member_reads_and_downloads_its_own(self):
        found = self.call("marketplace.settlement", "search_read", [], fields=["name", "payout", "line_ids"])
        self.assertEqual([s["name"] for s in found], [self.settlement.name])
        self.assertAlmostEqual(found[0]["payout"], self.settlement.payout, places=2)
        document = self.call("marketplace.settlement", "marketplace_document", self.settlement.ids, "invoice")
        invoice = self.moves(self.settlement, "out_invoice")
        self.assertIn(invoice.name, base64.b64decode(document["content"]).decode())

    def test_member_cannot_read_others_nor_make_invoices(self):
        self.assertFalse(self.call("marketplace.settlement", "search_read", [], fields=["name"], login="vieuxport"))
        with self.assertRaises(xmlrpc.client.Fault):
            self.call("marketplace.settlement", "read", self.settlement.ids, ["payout"], login="vieuxport")
        with self.assertRaises(xmlrpc.client.Fault):
            self.call("marketplace.settlement", "marketplace_document", self.settlement.ids, "bill", login="vieuxport")
        with self.assertRaises(xmlrpc.client.Fault):
            self.call("account.move", "create", {"move_type": "out_invoice", "partner_id": self.customer_lyon.id})
        with self.assertRaises(xmlrpc.client.Fault):
            self.call("account.move", "action_post", self.settlement.move_ids.ids)
        with self.assertRaises(xmlrpc.client.Fault):
            self.call("marketplace.settlement", "action_marketplace_settle")
