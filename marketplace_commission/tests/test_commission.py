from freezegun import freeze_time

from odoo.addons.marketplace_catalog.utils import make_ean13
from odoo.addons.marketplace_orders.tests.common import OrdersCommon
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestCommission(OrdersCommon, TransactionCase):
    """The worked example of the commission: a default rate, a member's own rate with a fixed
    fee, a brand's rate; stored on each line delivered, to the cent; returns reverse it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.hub.marketplace_commission_rate = 12.0
        cls.paraboot = cls.env["marketplace.brand"].create({"name": "Paraboot"})
        cls.michael = cls.env["product.template"].create({
            "name": "Derby Michael cuir marron", "marketplace_catalog": True, "is_storable": True,
            "marketplace_brand_id": cls.paraboot.id, "list_price": 245.0, "barcode": make_ean13(880001),
            "categ_id": cls.family.id,
        }).product_variant_id
        Rule = cls.env["marketplace.commission.rule"]
        cls.rule_member = Rule.create({"name": "Accord Chaussures Lyon", "scope": "member",
                                       "member_id": cls.member_lyon.id, "rate": 10.0, "fixed_fee": 1.5})
        cls.rule_brand = Rule.create({"name": "Marque Paraboot", "scope": "brand", "brand_id": cls.paraboot.id,
                                      "rate": 15.0})
        cls.customer_lyon = cls.env["res.partner"].create({
            "name": "Inès Bernard", "street": "1 place Bellecour", "zip": "69002", "city": "Lyon"})
        cls.customer_marseille = cls.env["res.partner"].create({
            "name": "Hugo Fabre", "street": "12 quai du Port", "zip": "13002", "city": "Marseille"})

    def deliver(self, quantities, store, customer):
        self.set_stock(store, quantities)
        order = self.make_order(quantities, customer=customer)
        member_order = order.marketplace_order_ids
        self.assertEqual(member_order.store_id, store)
        user = self.user_lyon if store == self.store_lyon else self.user_marseille
        self.ship(member_order, user, f"6A{member_order.id:06d}")
        member_order.with_user(user).action_deliver()
        return member_order

    @staticmethod
    def by_product(member_order):
        return {line.product_id: (line.commission_rate, line.commission_amount) for line in member_order.line_ids}

    def test_worked_example_to_the_cent(self):
        # Lyon has its own rate: it wins over the brand's (the most specific rule), with its fee.
        lyon = self.deliver({self.v39: 1, self.michael: 1}, self.store_lyon, self.customer_lyon)
        self.assertEqual(self.by_product(lyon), {self.v39: (10.0, 8.99), self.michael: (10.0, 24.5)})
        self.assertEqual(lyon.line_ids.commission_rule_id, self.rule_member)
        self.assertEqual(lyon.commission_fee, 1.5)
        self.assertAlmostEqual(lyon.commission_total, 34.99, places=2)
        # Marseille: the brand's rate on the Paraboot pair, the default on the sneakers, no fee.
        marseille = self.deliver({self.v39: 2, self.michael: 1}, self.store_marseille, self.customer_marseille)
        self.assertEqual(self.by_product(marseille), {self.v39: (12.0, 21.58), self.michael: (15.0, 36.75)})
        self.assertEqual(marseille.line_ids.filtered(lambda line: line.product_id == self.v39).commission_base,
                         179.8, "what the customer paid, VAT included")
        self.assertEqual(marseille.commission_fee, 0.0)
        self.assertAlmostEqual(marseille.commission_total, 58.33, places=2)

    def test_rounded_line_by_line(self):
        """Seven lines at 33.33 € and 12.5 %: each line is 4.17 € (4.16625 rounded), the order 29.19 €,
        the sum of its lines (not 29.16 €, the rounded sum)."""
        self.env["marketplace.commission.rule"].create({
            "name": "Baskets basses", "scope": "category", "categ_id": self.subfamily.id, "rate": 12.5,
            "priority": 5})
        products = self.env["product.template"].create([{
            "name": f"Lacets coton {colour}", "marketplace_catalog": True, "is_storable": True,
            "list_price": 33.33, "categ_id": self.subfamily.id, "barcode": make_ean13(880100 + number),
        } for number, colour in enumerate(("blanc", "noir", "rouge", "bleu", "vert", "jaune", "gris"))])
        member_order = self.deliver({p.product_variant_id: 1 for p in products}, self.store_marseille,
                                    self.customer_marseille)
        self.assertEqual(len(member_order.line_ids), 7)
        self.assertEqual(set(member_order.line_ids.mapped("commission_amount")), {4.17})
        self.assertEqual(set(member_order.line_ids.mapped("commission_rate")), {12.5})
        self.assertAlmostEqual(member_order.commission_total, 29.19, places=2)

    def test_most_specific_category_and_priority(self):
        Rule = self.env["marketplace.commission.rule"]
        family = Rule.create({"name": "Baskets", "scope": "category", "categ_id": self.family.id, "rate": 9.0})
        subfamily = Rule.create({"name": "Baskets basses", "scope": "category", "categ_id": self.subfamily.id,
                                 "rate": 11.0})
        rules = Rule._marketplace_valid_rules("2026-12-01")
        self.assertEqual(rules._marketplace_best_for(self.member_marseille, self.v39), subfamily, "the deepest")
        self.assertEqual(rules._marketplace_best_for(self.member_marseille, self.michael), self.rule_brand)
        self.assertEqual(rules._marketplace_best_for(self.member_lyon, self.michael), self.rule_member)
        urgent = Rule.create({"name": "Baskets (opération)", "scope": "category", "categ_id": self.subfamily.id,
                              "rate": 7.0, "priority": 20})
        rules = Rule._marketplace_valid_rules("2026-12-01")
        self.assertEqual(rules._marketplace_best_for(self.member_marseille, self.v39), urgent,
                         "equally specific: the highest priority")
        self.assertTrue(family.exists())

    def test_validity_dates_and_later_changes(self):
        self.rule_brand.write({"date_from": "2026-12-01", "date_to": "2026-12-31"})
        with freeze_time("2026-11-30 10:00:00"):
            before = self.deliver({self.michael: 1}, self.store_marseille, self.customer_marseille)
        self.assertEqual(self.by_product(before), {self.michael: (12.0, 29.4)}, "not valid yet: the default")
        with freeze_time("2026-12-15 10:00:00"):
            during = self.deliver({self.michael: 1}, self.store_marseille, self.customer_marseille)
        self.assertEqual(self.by_product(during), {self.michael: (15.0, 36.75)})
        # A later change of the rule does not rewrite what was sold.
        self.rule_brand.rate = 20.0
        self.hub.marketplace_commission_rate = 8.0
        self.assertEqual(self.by_product(before), {self.michael: (12.0, 29.4)})
        self.assertEqual(self.by_product(during), {self.michael: (15.0, 36.75)})

    def test_validity_dates_are_the_hubs_days(self):
        """Issue 19, case 11: a sale delivered at 00:30 on 1 December in Paris (23:30 UTC on 30
        November) takes December's rule, and one at 23:30 on 31 December in Paris takes it too."""
        self.rule_brand.write({"date_from": "2026-12-01", "date_to": "2026-12-31"})
        with freeze_time("2026-11-30 23:30:00"):
            first = self.deliver({self.michael: 1}, self.store_marseille, self.customer_marseille)
        self.assertEqual(self.by_product(first), {self.michael: (15.0, 36.75)}, "1 December in Paris")
        with freeze_time("2026-12-31 22:30:00"):
            last = self.deliver({self.michael: 1}, self.store_marseille, self.customer_marseille)
        self.assertEqual(self.by_product(last), {self.michael: (15.0, 36.75)}, "31 December in Paris")
        with freeze_time("2026-12-31 23:30:00"):
            after = self.deliver({self.michael: 1}, self.store_marseille, self.customer_marseille)
        self.assertEqual(self.by_product(after), {self.michael: (12.0, 29.4)}, "1 January in Paris")

    def test_returns_reverse_the_commission(self):
        lyon = self.deliver({self.v39: 2, self.michael: 1}, self.store_lyon, self.customer_lyon)
        sneakers = lyon.line_ids.filtered(lambda line: line.product_id == self.v39)
        self.assertEqual(sneakers.commission_amount, 17.98)
        lyon._marketplace_return({sneakers: 1}, "Trop petit")
        self.assertEqual(sneakers.commission_reversed, 8.99, "half the line came back")
        self.assertAlmostEqual(lyon.commission_total, 17.98 - 8.99 + 24.5 + 1.5, places=2)
        michael = lyon.line_ids - sneakers
        lyon._marketplace_return({sneakers: 1, michael: 1}, "Change d'avis")
        self.assertEqual(sneakers.commission_reversed, 17.98)
        self.assertEqual(lyon.commission_fee_reversed, 1.5, "nothing sold: the fee goes too")
        self.assertAlmostEqual(lyon.commission_total, 0.0, places=2)

    def test_no_commission_before_delivery(self):
        self.set_stock(self.store_lyon, {self.v39: 1})
        member_order = self.make_order({self.v39: 1}, customer=self.customer_lyon).marketplace_order_ids
        self.ship(member_order, self.user_lyon, "6A999999")
        self.assertFalse(member_order.line_ids.commission_date)
        self.assertEqual(member_order.commission_total, 0.0)

    def test_rules_are_checked(self):
        Rule = self.env["marketplace.commission.rule"]
        with self.assertRaisesRegex(ValidationError, "between 0 and 100"):
            Rule.create({"name": "Trop", "rate": 120.0})
        with self.assertRaisesRegex(ValidationError, "Choose the brand of the rule"):
            Rule.create({"name": "Sans marque", "scope": "brand", "rate": 10.0})
        with self.assertRaisesRegex(ValidationError, "ends before it starts"):
            Rule.create({"name": "À l'envers", "rate": 10.0, "date_from": "2026-12-31", "date_to": "2026-12-01"})

    def test_who_sees_and_sets_the_rules(self):
        Rule = self.env["marketplace.commission.rule"]
        with self.assertRaises(AccessError):
            Rule.with_user(self.user_lyon).search([])
        self.assertIn(self.rule_member, Rule.with_user(self.animator_user).search([]))
        with self.assertRaises(AccessError):
            Rule.with_user(self.animator_user).create({"name": "Animateur", "rate": 5.0})
        Rule.with_user(self.admin_user).create({"name": "Soldes", "rate": 8.0, "priority": 1})
        # A member reads its own lines' commission, not the rule behind it.
        lyon = self.deliver({self.v39: 1}, self.store_lyon, self.customer_lyon)
        line = lyon.line_ids.with_user(self.user_lyon)
        self.assertEqual(line.commission_amount, 8.99)
        with self.assertRaises(AccessError):
            line.read(["commission_rule_id"])
