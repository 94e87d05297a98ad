"""Issue 22, item 1: the registers' categories are the catalogue's nomenclature (Homme › Baskets ›
Baskets basses), not Odoo's demo desks and pastries."""
from odoo.exceptions import AccessError
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

    def test_only_the_hub_changes_the_nomenclature_and_its_mirrors(self):
        """Review: a shop manager renamed a department of the nomenclature (its mirror, rewritten
        by the suite, renamed the shop's and every register's), or made a category of its own
        pass for a mirror."""
        manager = self.user_lyon
        manager.groups_id = [(4, self.env.ref("stock.group_stock_manager").id),
                             (4, self.env.ref("point_of_sale.group_pos_manager").id)]
        Category = self.env["product.category"].with_user(manager)
        with self.assertRaises(AccessError):
            self.family.with_user(manager).name = "Arnaque"
        with self.assertRaises(AccessError):
            Category.create({"name": "Promos", "parent_id": self.family.id})
        with self.assertRaises(AccessError):
            self.subfamily.with_user(manager).unlink()
        own = Category.create({"name": "Entretien"})  # a category of its own stays its own
        own.name = "Entretien et cirage"
        PosCategory = self.env["pos.category"].with_user(manager)
        with self.assertRaises(AccessError):
            PosCategory.create({"name": "Homme", "marketplace_categ_id": self.family.id})
        with self.assertRaises(AccessError):
            self.sneaker.pos_categ_ids.with_user(manager).name = "Arnaque"
        self.assertEqual(self.path(self.sneaker.pos_categ_ids), ["Homme", "Baskets", "Baskets basses"])

    def test_a_category_removed_or_moved_out_takes_its_mirrors(self):
        """Review: a nomenclature category removed or moved out of the catalogue left its mirror
        behind, as a category that looked made by hand."""
        mirror = self.sneaker.pos_categ_ids
        self.sneaker.categ_id = self.family
        self.subfamily.unlink()
        self.assertFalse(mirror.exists())
        family_mirror = self.sneaker.pos_categ_ids
        self.family.parent_id = False  # out of the catalogue
        self.assertFalse(family_mirror.exists())
        self.assertFalse(self.sneaker.pos_categ_ids)

    def test_a_renamed_category_is_renamed_in_every_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        mirror = self.env["pos.category"].search([("marketplace_categ_id", "=", self.family.id)])
        mirror.update_field_translations("name", {"fr_FR": "Baskets"})  # as made in a French session
        self.family.with_context(lang="en_US").name = "Sneakers"
        self.assertEqual(mirror.with_context(lang="fr_FR").name, "Sneakers")
        self.assertEqual(mirror.with_context(lang="en_US").name, "Sneakers")
