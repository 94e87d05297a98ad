"""Issue 22, item 1: the registers' categories are the catalogue's nomenclature (Homme › Baskets ›
Baskets basses), not Odoo's demo desks and pastries."""
from odoo.tests import TransactionCase, tagged

from .common import CatalogCommon


@tagged("post_install", "-at_install")
class TestCategoryMirrors(CatalogCommon, TransactionCase):

    def path(self, category):
        names = []
        while category:
            names.insert(0, category.name)
            category = category.parent_id
        return names

    def test_a_catalogue_model_sits_in_its_nomenclature_at_the_register(self):
        mirror = self.sneaker.pos_categ_ids
        self.assertEqual(len(mirror), 1)
        self.assertEqual(self.path(mirror), ["Homme", "Baskets", "Baskets basses"])
        self.assertEqual(mirror.marketplace_categ_id, self.subfamily)
        # Renamed or moved in the nomenclature: the register's category follows.
        self.family.name = "Sneakers"
        self.assertEqual(self.path(mirror), ["Homme", "Sneakers", "Baskets basses"])
        women = self.env["product.category"].create({
            "name": "Femme", "parent_id": self.env.ref("marketplace_catalog.product_category_catalog").id})
        self.family.parent_id = women
        self.assertEqual(self.path(mirror), ["Femme", "Sneakers", "Baskets basses"])
        # Another category of the nomenclature: another register category; one given by hand stays.
        by_hand = self.env["pos.category"].create({"name": "Promotions"})
        self.sneaker.pos_categ_ids = [(4, by_hand.id)]
        self.sneaker.categ_id = self.family
        self.assertEqual(sorted(self.sneaker.pos_categ_ids.mapped("name")), ["Promotions", "Sneakers"])
        self.assertEqual(self.env["pos.category"].search_count([("marketplace_categ_id", "=", self.family.id)]), 1,
                         "one mirror per category")

    def test_only_the_catalogue_is_mirrored(self):
        own = self.env["product.template"].create({"name": "Cirage noir", "categ_id": self.subfamily.id})
        self.assertFalse(own.pos_categ_ids, "a shop's own product keeps its own categories")
        elsewhere = self.env["product.category"].create({"name": "Accessoires"})
        self.sneaker.categ_id = elsewhere
        self.assertFalse(self.sneaker.pos_categ_ids, "outside the nomenclature: no register category")
