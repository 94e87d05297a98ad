from odoo.tests import HttpCase, tagged

from .common import CollectCommon


@tagged("post_install", "-at_install")
class TestPosReserveCollectTour(CollectCommon, HttpCase):
    """In Chromium: reserve & collect paid at the counter, on one ticket with another pair."""

    def test_paid_at_the_counter_with_another_pair(self):
        self.assertEqual(self.v39.barcode, "2000000000022", "the tour scans this barcode")
        self.set_stock(self.store_lyon, {self.v38: 2, self.v39: 1})
        order = self.cart({self.v38: 1})
        self.choose(order, self.store_lyon)
        self.pay_on_site(order)
        self.assertEqual(order.state, "sale", "confirmed, to pay in the shop")
        member_order = order.marketplace_order_ids
        self.assertEqual((member_order.store_id, member_order.fulfilment), (self.store_lyon, "collect"))
        member_order.pickup_code = "R3SERVEZ"
        member_order.with_user(self.user_lyon).action_accept()
        pos = self.env["pos.config"].search([("company_id", "=", self.member_lyon.id)])
        self.user_lyon.password = "testeau"
        self.start_tour(f"/pos/ui?config_id={pos.id}", "marketplace_pos_reserve_and_collect", login="testeau")
        ticket = self.env["pos.order"].search([("config_id", "=", pos.id), ("lines", "!=", False)])
        self.assertEqual(ticket.state, "paid")
        self.assertAlmostEqual(ticket.amount_total, 179.80)
        self.assertEqual(ticket.lines.filtered("marketplace_pickup_code").product_id, self.v38)
        self.assertEqual(member_order.state, "collected")
        self.assertEqual(member_order.pos_ticket_uuid, ticket.uuid, "the ticket that held the code paid it")
        self.assertEqual(member_order.payment_state, "in_shop", "the member took the money")
        self.assertEqual(member_order.picking_id.state, "done")
        self.assertEqual(ticket.picking_ids.move_ids.product_id, self.v39, "the ticket's picking: the other pair only")
        self.assertEqual(self.store_qty(self.store_lyon, self.v38), 1, "the reserved pair left the shop once")
        self.assertEqual(self.store_qty(self.store_lyon, self.v39), 0)
        # Case 18: a French certified register (l10n_fr_pos_cert), the code's line at the catalogue VAT.
        self.assertIn("l10n_fr_secure_sequence_number", ticket._fields, "the French certification is installed")
        self.assertTrue(ticket.l10n_fr_secure_sequence_number, "the French inalterability chain holds the ticket")
        vat = self.v38._marketplace_taxes(self.member_lyon)
        self.assertTrue(vat and all(tax.price_include for tax in vat), vat)
        for line in ticket.lines:
            self.assertEqual(line.tax_ids, vat, f"{line.full_product_name}: the catalogue VAT of the shop")
            self.assertAlmostEqual(line.price_subtotal_incl, 89.90)
            self.assertAlmostEqual(line.price_subtotal, 74.92)
        self.assertAlmostEqual(ticket.amount_tax, 29.96)
