from odoo.tests import TransactionCase, tagged

from .common import CatalogCommon


@tagged("post_install", "-at_install")
class TestPosAvailability(CatalogCommon, TransactionCase):
    """The store's Point of Sale and the marketplace read the same stock."""

    def test_pos_sale_lowers_published_availability(self):
        self.env["marketplace.stock.feed"].with_user(self.user_lyon).submit(
            "T001-01", [{"barcode": self.v38.barcode, "quantity": 3}])
        self.assertEqual(self.store_lyon._marketplace_available_qty(self.v38), {(self.store_lyon.id, self.v38.id): 3})

        # The shop sells one pair at the counter, as its cashier.
        cashier = self.user_lyon
        pos = self.env["pos.config"].with_user(cashier).search([("company_id", "=", self.member_lyon.id)])
        pos.open_ui()
        session = pos.current_session_id
        vat = self.member_lyon.marketplace_catalog_tax_id
        order = self.env["pos.order"].with_user(cashier).create({
            "company_id": self.member_lyon.id,
            "session_id": session.id,
            "lines": [(0, 0, {
                "name": "OL/0001", "product_id": self.v38.id, "price_unit": 89.9, "qty": 1.0,
                "price_subtotal": 74.92, "price_subtotal_incl": 89.9, "tax_ids": [(6, 0, vat.ids)],
            })],
            "amount_tax": 14.98, "amount_total": 89.9, "amount_paid": 0.0, "amount_return": 0.0,
            "last_order_preparation_change": "{}",
        })
        # The counter's payment screen (the backend payment wizard is for POS managers).
        context = {"active_ids": order.ids, "active_id": order.id}
        payment = self.env["pos.make.payment"].with_company(self.member_lyon).with_context(**context).create({
            "amount": 89.9, "payment_method_id": pos.payment_method_ids.filtered("is_cash_count")[:1].id,
        })
        payment.with_context(**context).check()
        self.assertEqual(order.state, "paid")
        self.assertEqual(order.picking_ids.state, "done")
        self.assertEqual(order.picking_ids.picking_type_id.warehouse_id, self.store_lyon)

        self.assertEqual(self.store_lyon._marketplace_available_qty(self.v38), {(self.store_lyon.id, self.v38.id): 2})
        self.assertEqual(self.env["stock.warehouse"]._marketplace_network_availability(self.v38), {self.v38.id: 2})
