"""Issue 19, proven by: a month of every kind of event reconciles to the cent.

Two members over November and December 2026 (12 % by default; from 1 December, Lyon's own rule
of 10 % plus a 1,50 € fixed fee; a 29 € monthly subscription; VAT 20 %; a pair 89,90 € TTC):

Lyon     A  2 pairs online, one returned before the settlement    sold 89,90   commission 10,79
         B  1 pair online, settled, then returned in full         sold 89,90, then credited
         C  1 pair online, the capture confirmed by the provider a fortnight later
         D  1 pair typed in by the hub, paid by invoice
         E  1 pair reserved, paid 44,95 at the counter (commission only: 5,39)
         G  1 pair delivered at 00:30 in Paris on 1 December (23:30 UTC): December's rule
Marseille F  1 pair online; the member closes before the settlement

Worked by hand (HT, VAT rounded per line as Odoo does by default):

S1  17 Nov  Lyon   bill 3 × 89,90 = 269,70; commission 37,76 + subscription 29,00 = 66,76 HT,
                   VAT 7,55 + 5,80 → 80,11; payout 189,59
            Marseille  bill 89,90; commission 10,79 + 2,16 = 12,95; payout 76,95 (closed: no subscription)
S2  1 Dec   Lyon   bill C 89,90, its credit note B 89,90; commission C 10,79 + December 29,00 →
                   47,75, its credit note B 12,95; payout −34,80
S3  16 Dec  Lyon   bill G 89,90; commission 8,99 + fee 1,50 → 12,59; payout 77,31

Lyon's payouts: 232,10 = 4 pairs kept and paid online or by invoice (359,60) − commission,
fees and subscriptions TTC (127,50). The FEC's balances of the settlement documents per account
are the sums of those documents' lines.
"""
import csv
import io
from collections import defaultdict

from freezegun import freeze_time

from odoo.addons.marketplace_collect.tests.common import RegisterCommon
from odoo.addons.marketplace_commission.tests.common import SettlementCommon
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestSettlementMonth(SettlementCommon, RegisterCommon, TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer_marseille = cls.env["res.partner"].create({
            "name": "Hugo Fabre", "street": "12 quai du Port", "zip": "13002", "city": "Marseille",
            "email": "hugo.fabre@example.fr"})

    def statement(self, settlement):
        return self.env["ir.actions.report"].with_user(self.user_lyon)._render_qweb_html(
            "marketplace_commission.action_report_marketplace_settlement", settlement.ids)[0]

    def fec_balances(self, moves):
        """{account code: debit − credit} of ``moves``'s lines in the hub's FEC (l10n_fr_account's
        export, as the accountant files it)."""
        wizard = self.env["l10n_fr.fec.export.wizard"].with_company(self.hub).create(
            {"date_from": "2026-11-01", "date_to": "2026-12-31", "test_file": True})
        content = wizard.with_company(self.hub).generate_fec()["file_content"].decode()
        names = set(moves.mapped("name"))
        balances = defaultdict(float)
        for row in csv.DictReader(io.StringIO(content), delimiter="|"):
            if row["EcritureNum"] in names:
                balances[row["CompteNum"]] += (float(row["Debit"].replace(",", "."))
                                               - float(row["Credit"].replace(",", ".")))
        return balances

    def test_a_month_of_every_event_reconciles_to_the_cent(self):
        self.hub.marketplace_subscription_fee = 29.0
        self.env["marketplace.commission.rule"].create({
            "name": "Accord Chaussures Lyon 2026-12", "scope": "member", "member_id": self.member_lyon.id,
            "rate": 10.0, "fixed_fee": 1.5, "date_from": "2026-12-01"})
        sold_a = self.sold({self.v39: 2}, "2026-11-02 08:00:00")
        sold_b = self.sold({self.v39: 1}, "2026-11-02 09:00:00")
        with freeze_time("2026-11-02 10:00:00"):
            self.set_stock(self.store_lyon, {self.v39: 1})
            order, _transaction = self.order_paid({self.v39: 1}, customer=self.customer_lyon)
            late = order.marketplace_order_ids
            with self.pending_captures():
                self.ship(late, self.user_lyon, "6A000101")
            late.with_user(self.user_lyon).action_deliver()
        with freeze_time("2026-11-02 11:00:00"):
            self.set_stock(self.store_lyon, {self.v39: 1})
            typed = self.make_order({self.v39: 1}, customer=self.customer_lyon)
            by_invoice = typed.marketplace_order_ids
            self.ship(by_invoice, self.user_lyon, "6A000102")
            by_invoice.with_user(self.user_lyon).action_deliver()
        with freeze_time("2026-11-02 12:00:00"):
            at_counter = self.reserved_at_lyon("MOIS2345")
            self.ticket_at(self.session, [(self.v38, 1, "MOIS2345", 44.95)])
        with freeze_time("2026-11-02 13:00:00"):
            self.set_stock(self.store_marseille, {self.v39: 1})
            order, _transaction = self.order_paid({self.v39: 1}, customer=self.customer_marseille)
            closing = order.marketplace_order_ids
            self.assertEqual(closing.store_id, self.store_marseille)
            self.ship(closing, self.user_marseille, "6A000103")
            closing.with_user(self.user_marseille).action_deliver()
        with freeze_time("2026-11-05 10:00:00"):
            sold_a._marketplace_return({sold_a.line_ids: 1}, "Trop grand")
        with freeze_time("2026-11-10 10:00:00"):
            self.member_marseille.with_user(self.admin_user).action_marketplace_close()
            invoice = typed.with_company(self.hub)._create_invoices()
            invoice.action_post()
            self.env["account.payment.register"].with_company(self.hub).with_context(
                active_model="account.move", active_ids=invoice.ids).create({})._create_payments()
        self.assertEqual(
            [o.payment_state for o in (sold_a, sold_b, late, by_invoice, at_counter, closing)],
            ["captured", "captured", "pending", "none", "in_shop", "captured"])

        first = self.settle("2026-11-17 15:00:00")
        printed = self.statement(first)
        with freeze_time("2026-11-18 10:00:00"):
            capture = late.capture_transaction_id
            capture._set_done()
            capture._post_process()
        with freeze_time("2026-11-20 10:00:00"):
            sold_b._marketplace_return({sold_b.line_ids: 1}, "Ne convient pas")
        december = self.sold({self.v39: 1}, "2026-11-30 23:30:00")
        second = self.settle("2026-12-01 10:00:00") - first
        third = self.settle("2026-12-16 10:00:00") - first - second
        marseille = self.env["marketplace.settlement"].search([("member_id", "=", self.member_marseille.id)])

        # Each settlement as worked by hand.
        figures = [(s.amount_sales, s.amount_commission, s.payout, s.subscription_month or False)
                   for s in (first, second, third, marseille)]
        expected = [(269.70, 80.11, 189.59, "2026-11"), (0.0, 34.80, -34.80, "2026-12"),
                    (89.90, 12.59, 77.31, False), (89.90, 12.95, 76.95, False)]
        for got, wanted in zip(figures, expected, strict=True):
            for value, amount in zip(got[:3], wanted[:3], strict=True):
                self.assertAlmostEqual(value, amount, places=2, msg=f"{got} ≠ {wanted}")
            self.assertEqual(got[3], wanted[3])
        self.assertAlmostEqual(sum((first | second | third).mapped("payout")), 232.10, places=2)
        self.assertEqual(december.line_ids.commission_rate, 10.0, "00:30 in Paris on 1 December: December's rule")

        # Every line sold is settled once, in one statement row.
        lines = (sold_a | sold_b | late | by_invoice | at_counter | closing | december).line_ids
        self.assertTrue(all(lines.mapped("settlement_id")))
        rows = self.env["marketplace.settlement.line"].search([("kind", "=", "sale")])
        self.assertEqual(sorted(rows.order_line_id.ids), sorted(lines.ids))
        self.assertEqual(len(rows), len(lines))
        credited = self.env["marketplace.settlement.line"].search([("kind", "=", "return")])
        self.assertEqual(credited.order_line_id, sold_b.line_ids, "B's return credited once, by S2")
        self.assertEqual(credited.settlement_id, second)

        # The FEC, per account, of the settlements' documents.
        moves = (first | second | third | marseille).move_ids
        self.assertTrue(all(move.state == "posted" for move in moves))
        balances = self.fec_balances(moves)

        def balance(prefix):
            return round(sum(amount for code, amount in balances.items() if code.startswith(prefix)), 2)

        self.assertEqual(balance("607"), 374.59, "purchases of goods, HT")
        self.assertEqual(balance("4456"), 74.91, "VAT deductible on them")
        self.assertEqual(balance("401"), -449.50, "owed to the members: the bills TTC")
        self.assertEqual(balance("706"), -117.04, "commission, fees and subscriptions, HT")
        self.assertEqual(balance("4457"), -23.41, "VAT collected on them")
        self.assertEqual(balance("411"), 140.45, "owed by the members: the commission invoices TTC")
        self.assertEqual(round(sum(balances.values()), 2), 0.0)

        # A statement printed again, after everything above, is the same.
        self.assertEqual(self.statement(first), printed)
