import base64
import xmlrpc.client

from odoo.tests import HttpCase, new_test_user, tagged

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
        rows = self.call("marketplace.settlement.line", "search_read", [], fields=["order_name", "amount"])
        self.assertEqual([row["order_name"] for row in rows], [self.member_order.name], "its statement's rows")
        with self.assertRaises(xmlrpc.client.Fault):
            self.call("marketplace.settlement.line", "write", [rows[0]["id"]], {"amount": 1000.0})

    def test_member_cannot_read_others_nor_make_invoices(self):
        self.assertFalse(self.call("marketplace.settlement", "search_read", [], fields=["name"], login="vieuxport"))
        with self.assertRaises(xmlrpc.client.Fault):
            self.call("marketplace.settlement", "read", self.settlement.ids, ["payout"], login="vieuxport")
        with self.assertRaises(xmlrpc.client.Fault):
            self.call("marketplace.settlement", "marketplace_document", self.settlement.ids, "bill", login="vieuxport")
        self.assertFalse(self.call("marketplace.settlement.line", "search_read", [], fields=["amount"],
                                   login="vieuxport"), "no row of another member's statement")
        with self.assertRaises(xmlrpc.client.Fault):
            self.call("marketplace.settlement.line", "read", self.settlement.statement_line_ids.ids, ["amount"],
                      login="vieuxport")
        with self.assertRaises(xmlrpc.client.Fault):
            self.call("account.move", "create", {"move_type": "out_invoice", "partner_id": self.customer_lyon.id})
        with self.assertRaises(xmlrpc.client.Fault):
            self.call("account.move", "action_post", self.settlement.move_ids.ids)
        with self.assertRaises(xmlrpc.client.Fault):
            self.call("marketplace.settlement", "action_marketplace_settle")


@tagged("post_install", "-at_install")
class TestSettlementPrivacy(SettlementCommon, HttpCase):
    """Issue 19, cases 2 and 7: a statement is read by its member and the hub's staff only —
    not by another member over Odoo's report URLs, not by a customer signed up on the website,
    not by a member given Odoo's Billing rights."""

    REPORT = "/report/%s/marketplace_commission.report_marketplace_settlement/%s"

    def setUp(self):
        super().setUp()
        self.member_order = self.sold({self.v39: 1}, "2026-11-02 10:00:00")
        self.settlement = self.settle("2026-11-17 10:00:00")

    def report(self, login, password, converter="html"):
        self.authenticate(login, password)
        return self.url_open(self.REPORT % (converter, self.settlement.id))

    def test_the_member_prints_its_own_statement(self):
        response = self.report("testeau", "member-pass")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.settlement.name, response.text)
        self.assertIn(self.member_lyon.name, response.text)

    def test_the_download_route_serves_the_member_its_documents_only(self):
        """Issue 23: the buttons' route (/marketplace/settlement/<id>/<kind>) requested for real."""
        url = f"/marketplace/settlement/{self.settlement.id}/%s"
        self.authenticate("testeau", "member-pass")
        for kind, name in (("statement", self.settlement.name),
                           ("bill", self.moves(self.settlement, "in_invoice").name),
                           ("invoice", self.moves(self.settlement, "out_invoice").name)):
            response = self.url_open(url % kind)
            self.assertEqual(response.status_code, 200, kind)
            self.assertIn("attachment", response.headers["Content-Disposition"])
            self.assertIn(name.replace("/", "-"), response.headers["Content-Disposition"])
            self.assertIn(response.headers["Content-Type"].split(";")[0], ("application/pdf", "text/html"))
            self.assertGreater(len(response.content), 500)
        self.assertIn(self.member_lyon.name, self.url_open(url % "statement").text)
        self.assertNotEqual(self.url_open(url % "payslip").status_code, 200)
        self.assertNotEqual(self.url_open(f"/marketplace/settlement/{self.settlement.id}/bill_refund").status_code,
                            200, "no credit note in this settlement")
        self.authenticate("vieuxport", "member-pass")
        for kind in ("statement", "bill", "invoice"):
            response = self.url_open(url % kind)
            self.assertNotEqual(response.status_code, 200, kind)
            self.assertNotIn(self.member_lyon.name, response.text)
        self.authenticate(None, None)
        response = self.url_open(url % "statement", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303), "a visitor is sent to the login page")

    def test_another_member_gets_no_statement_over_the_report_urls(self):
        for converter in ("html", "text"):
            response = self.report("vieuxport", "member-pass", converter)
            self.assertNotEqual(response.status_code, 200, converter)
            self.assertNotIn(self.settlement.name, response.text, converter)
            self.assertNotIn(self.member_lyon.name, response.text, converter)

    def test_a_website_customer_gets_no_statement(self):
        self.env["res.users"].with_context(no_reset_password=True)._signup_create_user({
            "login": "ines.bernard@example.fr", "name": "Inès Bernard", "password": "client-pass-2026"})
        response = self.report("ines.bernard@example.fr", "client-pass-2026")
        self.assertNotEqual(response.status_code, 200)
        self.assertNotIn(self.settlement.name, response.text)

    def test_a_member_with_billing_rights_reads_only_its_own_settlements(self):
        self.user_marseille.groups_id = [(4, self.env.ref("account.group_account_invoice").id)]
        self.assertFalse(self.call("marketplace.settlement", "search_read", [], fields=["name"], login="vieuxport"))
        self.assertFalse(self.call("marketplace.settlement.line", "search_read", [], fields=["amount"],
                                   login="vieuxport"))
        with self.assertRaises(xmlrpc.client.Fault):
            self.call("marketplace.settlement", "read", self.settlement.ids, ["payout"], login="vieuxport")
        response = self.report("vieuxport", "member-pass")
        self.assertNotIn(self.settlement.name, response.text)

    def test_the_hubs_accountant_reads_every_settlement(self):
        new_test_user(self.env, login="compta", password="compta-pass-2026", name="Sophie Comptable",
                      groups="base.group_user,account.group_account_invoice",
                      company_id=self.hub.id, company_ids=[(6, 0, self.hub.ids)])
        found = self.call("marketplace.settlement", "search_read", [], fields=["name"], login="compta",
                          password="compta-pass-2026")
        self.assertIn(self.settlement.name, [s["name"] for s in found])
        response = self.report("compta", "compta-pass-2026")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.settlement.name, response.text)
