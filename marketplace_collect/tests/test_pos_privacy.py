"""Issue 20: the register loads the contacts its cashier may read — the shop's own customers and
the hub's customers it serves, never the hub's other customers nor the other members' staff."""
from odoo.tests import TransactionCase, tagged

from .common import RegisterCommon


@tagged("post_install", "-at_install")
class TestPosPrivacy(RegisterCommon, TransactionCase):

    def test_the_register_loads_no_other_customer(self):
        served = self.reserved_at_lyon("SERVI234")
        other = self.env["res.users"].with_context(no_reset_password=True)._signup_create_user({
            "login": "zoe.petit@example.fr", "name": "Zoé Petit", "password": "client-pass-2026"}).partner_id
        # A customer the hub's staff record (or import) from the customers' list.
        recorded = self.env["res.partner"].with_context(res_partner_search_mode="customer").create(
            {"name": "Jeanne Roux", "city": "Lyon", "phone": "06 11 22 33 44"})
        marseille_staff = self.user_marseille.partner_id
        session = self.session.with_user(self.user_lyon).with_company(self.member_lyon)
        data = session.load_data([])["res.partner"]
        loaded = {row["id"] for row in data["data"]}
        self.assertNotIn(other.id, loaded, "a customer of the hub's who is not Lyon's")
        self.assertNotIn(marseille_staff.id, loaded, "another member's staff")
        self.assertNotIn(recorded.id, loaded, "a customer the hub recorded")
        # The customer Lyon serves may be looked up at the counter.
        self.assertTrue(served.sale_order_id.partner_id.with_user(self.user_lyon).has_access("read"))
