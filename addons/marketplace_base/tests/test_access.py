import xmlrpc.client

from odoo.tests import HttpCase, tagged

from .common import MarketplaceCommon


@tagged("post_install", "-at_install")
class TestAccessXmlrpc(MarketplaceCommon, HttpCase):
    """Access rights as a real client sees them: logged in over XML-RPC."""

    def call(self, login, password, model, method, *args, **kwargs):
        uid = self.xmlrpc_common.authenticate(self.env.cr.dbname, login, password, {})
        self.assertTrue(uid, f"{login} could not log in")
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname, uid, password, model, method, list(args), kwargs
        )

    def test_member_sees_only_own_stores(self):
        stores = self.call(
            "testeau", "member-pass", "stock.warehouse", "search_read",
            [("marketplace_store", "=", True)], fields=["marketplace_store_code", "company_id"],
        )
        self.assertEqual([s["marketplace_store_code"] for s in stores], ["T001-01"])
        with self.assertRaisesRegex(xmlrpc.client.Fault, "doesn't have 'read' access"):
            self.call("testeau", "member-pass", "stock.warehouse", "read",
                      self.store_marseille.ids, fields=["name"])

    def test_member_cannot_read_other_member(self):
        own = self.call("testeau", "member-pass", "res.company", "search_read", [],
                        fields=["name"])
        self.assertEqual([c["id"] for c in own], self.member_lyon.ids)
        with self.assertRaisesRegex(xmlrpc.client.Fault, "doesn't have 'read' access"):
            self.call("testeau", "member-pass", "res.company", "read",
                      self.member_marseille.ids, fields=["name"])

    def test_animator_sees_all_stores(self):
        stores = self.call(
            "mkt_animator", "mkt_animator", "stock.warehouse", "search_read",
            [("marketplace_store", "=", True)], fields=["marketplace_store_code"],
        )
        codes = {s["marketplace_store_code"] for s in stores}
        self.assertTrue({"T001-01", "T002-01"} <= codes)
        members = self.call("mkt_animator", "mkt_animator", "res.company", "search_read",
                            [("marketplace_role", "=", "member")], fields=["marketplace_member_code"])
        self.assertTrue({"T001", "T002"} <= {m["marketplace_member_code"] for m in members})

    def test_only_administrators_change_settings(self):
        for login, password in (("mkt_animator", "mkt_animator"), ("testeau", "member-pass")):
            with self.assertRaises(xmlrpc.client.Fault, msg=f"{login} changed the settings"):
                settings_id = self.call(login, password, "res.config.settings", "create",
                                        {"marketplace_accept_delay": 2})
                self.call(login, password, "res.config.settings", "execute", [settings_id])
            with self.assertRaises(xmlrpc.client.Fault, msg=f"{login} wrote the hub"):
                self.call(login, password, "res.company", "write", self.hub.ids,
                          {"marketplace_accept_delay": 2})
        self.assertEqual(self.hub.marketplace_accept_delay, 24)

        settings_id = self.call("mkt_admin", "mkt_admin", "res.config.settings", "create",
                                {"marketplace_accept_delay": 12, "marketplace_withdrawal_days": 30})
        self.call("mkt_admin", "mkt_admin", "res.config.settings", "execute", [settings_id])
        self.hub.invalidate_recordset()
        self.assertEqual(self.hub.marketplace_accept_delay, 12)
        self.assertEqual(self.hub.marketplace_withdrawal_days, 30)
