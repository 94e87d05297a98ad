import base64

from odoo.addons.marketplace_base.tests.common import run_migration
from odoo.addons.marketplace_catalog.tests.common import CatalogCommon
from odoo.addons.marketplace_catalog.utils import make_ean13
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged

PARAM = "marketplace_catalog_website.publication_checked_at"


@tagged("post_install", "-at_install")
class TestWebsitePublication(CatalogCommon, TransactionCase):
    """Issue 22, item 2: a catalogue model the hub validated is on the shop while an open store
    publishes one of its sizes, and leaves it (or shows out of stock, a hub setting) when none
    does, by the scheduled action that follows the stock; validating or withdrawing it shows at
    once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cron = cls.env.ref("marketplace_catalog_website.ir_cron_marketplace_sync_publication")
        sizes = cls.env["product.attribute.value"].create([
            {"name": name, "attribute_id": cls.size_attr.id} for name in ("36", "37")
        ])
        cls.boot = cls.env["product.template"].create({
            "name": "Bottine Lou daim camel",
            "marketplace_catalog": True,
            "is_storable": True,
            "categ_id": cls.subfamily.id,
            "marketplace_brand_id": cls.brand.id,
            "marketplace_supplier_ref": "PAT-LOU-CA",
            "list_price": 119.0,
            "attribute_line_ids": [(0, 0, {"attribute_id": cls.size_attr.id, "value_ids": [(6, 0, sizes.ids)]})],
        })
        for number, variant in enumerate(cls.boot.product_variant_ids, start=1):
            variant.barcode = make_ean13(number, "210")
        cls.b36, cls.b37 = cls.boot.product_variant_ids
        cls.feed(cls.store_lyon, {cls.v38: 2}, user=cls.user_lyon)

    @classmethod
    def feed(cls, store, quantities, user=None, mode="delta"):
        """A store's stock feed, as its shop software sends it."""
        Feed = cls.env["marketplace.stock.feed"].with_user(user or cls.admin_user)
        report = Feed.submit(store.marketplace_store_code, [
            {"barcode": product.barcode, "quantity": quantity} for product, quantity in quantities.items()
        ], mode=mode)
        assert not report["rejected"], report
        return report

    def run_cron(self):
        self.cron.method_direct_trigger()
        self.env.invalidate_all()

    def age_network(self):
        """Time passes: the stock, the stores and the members were last written long before the
        scheduled action's last run (within a test every write stamps the same now())."""
        self.run_cron()
        self.env.flush_all()
        self.env.cr.execute("UPDATE stock_quant SET write_date = '2020-01-01'")
        self.env.cr.execute("UPDATE stock_move SET date = '2020-01-01'")
        self.env.cr.execute("UPDATE stock_warehouse SET write_date = '2020-01-01'")
        self.env.cr.execute("UPDATE res_company SET write_date = '2020-01-01'")
        self.env.cr.execute("UPDATE product_template SET write_date = '2020-01-01'")
        self.env.invalidate_all()

    def validate(self, *templates):
        for template in templates:
            template.with_user(self.admin_user).action_marketplace_validate()

    def test_validated_model_follows_the_stock(self):
        self.assertFalse(self.sneaker.is_published)
        self.validate(self.sneaker, self.boot)
        self.assertTrue(self.sneaker.is_published, "Lyon has a size of it: on the shop at once")
        self.assertFalse(self.boot.is_published, "no store has it")
        self.age_network()
        self.feed(self.store_lyon, {self.v38: 0}, user=self.user_lyon)
        self.assertTrue(self.sneaker.is_published, "until the scheduled action runs")
        # Odoo's stock scheduler removes the emptied quant before the action runs.
        self.env["stock.quant"]._quant_tasks()
        self.assertFalse(self.env["stock.quant"].search([("product_id", "=", self.v38.id),
                                                         ("location_id", "=", self.store_lyon.lot_stock_id.id)]))
        self.run_cron()
        self.assertFalse(self.sneaker.is_published, "no store has any size of it any more")
        self.feed(self.store_marseille, {self.v40: 1, self.b37: 3}, user=self.user_marseille)
        self.run_cron()
        self.assertTrue(self.sneaker.is_published)
        self.assertTrue(self.boot.is_published)
        # Stock every store keeps off the marketplace is not published either.
        self.hub.marketplace_safety_stock = 1
        self.run_cron()
        self.assertFalse(self.sneaker.is_published)
        self.assertTrue(self.boot.is_published)

    def test_the_scheduled_action_reads_only_the_models_whose_stock_changed(self):
        self.validate(self.sneaker, self.boot)
        self.age_network()
        # Out of step, as if a change had been missed: not looked at again while its stock stands.
        self.env.cr.execute("UPDATE product_template SET is_published = FALSE WHERE id = %s", [self.sneaker.id])
        self.env.invalidate_all()
        self.run_cron()
        self.assertFalse(self.sneaker.is_published)
        self.feed(self.store_marseille, {self.v405: 1}, user=self.user_marseille)
        self.run_cron()
        self.assertTrue(self.sneaker.is_published)

    def test_a_reservation_of_the_last_pair_takes_the_model_off(self):
        self.validate(self.sneaker)
        self.age_network()
        store = self.store_lyon
        picking = self.env["stock.picking"].with_company(self.member_lyon).create({
            "picking_type_id": store.out_type_id.id,
            "location_id": store.lot_stock_id.id,
            "location_dest_id": self.env.ref("stock.stock_location_customers").id,
            "move_ids": [(0, 0, {
                "name": self.v38.name, "product_id": self.v38.id, "product_uom_qty": 2,
                "product_uom": self.v38.uom_id.id, "location_id": store.lot_stock_id.id,
                "location_dest_id": self.env.ref("stock.stock_location_customers").id,
            })],
        })
        picking.action_assign()
        self.assertEqual(picking.state, "assigned")
        self.run_cron()
        self.assertFalse(self.sneaker.is_published, "Lyon's two pairs are promised: none is free")
        picking.do_unreserve()
        self.run_cron()
        self.assertTrue(self.sneaker.is_published)

    def test_paused_or_closed_store_publishes_nothing(self):
        self.validate(self.sneaker)
        self.assertTrue(self.sneaker.is_published)
        self.age_network()
        self.store_lyon.write({"marketplace_paused": True, "marketplace_pause_end": "2099-08-31"})
        self.run_cron()
        self.assertFalse(self.sneaker.is_published, "Lyon is on holiday")
        self.store_lyon.write({"marketplace_paused": False, "marketplace_pause_end": False})
        self.run_cron()
        self.assertTrue(self.sneaker.is_published)
        self.age_network()
        self.member_lyon.with_user(self.admin_user).action_marketplace_suspend()
        self.run_cron()
        self.assertFalse(self.sneaker.is_published, "Lyon's member is suspended")

    def test_out_of_stock_setting_keeps_the_model_on_the_shop(self):
        settings = self.env["res.config.settings"].with_user(self.admin_user)
        self.assertEqual(settings.create({}).marketplace_out_of_stock_display, "hide", "the default: it disappears")
        settings.create({"marketplace_out_of_stock_display": "show"}).execute()
        self.validate(self.sneaker, self.boot)
        self.assertTrue(self.boot.is_published, "shown out of stock")
        self.feed(self.store_lyon, {self.v38: 0}, user=self.user_lyon)
        self.run_cron()
        self.assertTrue(self.sneaker.is_published)
        self.assertFalse(self.sneaker.allow_out_of_stock_order, "website_sale_stock shows it out of stock")
        self.age_network()
        settings.create({"marketplace_out_of_stock_display": "hide"}).execute()
        self.run_cron()
        self.assertFalse(self.sneaker.is_published, "back to the default: both disappear")
        self.assertFalse(self.boot.is_published)

    def test_withdrawn_model_stays_off_the_shop(self):
        self.validate(self.sneaker)
        self.assertTrue(self.sneaker.is_published)
        self.sneaker.with_user(self.admin_user).action_marketplace_withdraw()
        self.assertFalse(self.sneaker.is_published, "withdrawn: off the shop at once")
        self.feed(self.store_marseille, {self.v39: 4}, user=self.user_marseille)
        self.run_cron()
        self.assertFalse(self.sneaker.is_published, "stock does not bring a withdrawn model back")
        # Out of step (as if published in SQL): the catalogue decides at the next stock change.
        self.sneaker.sudo().with_context(marketplace_publication_sync=True).is_published = True
        self.feed(self.store_marseille, {self.v39: 3}, user=self.user_marseille)
        self.run_cron()
        self.assertFalse(self.sneaker.is_published)

    def test_publishing_by_hand_is_the_hubs_validation(self):
        """Review of issue 22: the shop's *Publish* button put a model no store has on the shop
        for good (the scheduled action only looked at models whose stock changed). On a catalogue
        model it is the hub's validation, and the next run of the scheduled action applies the
        stock."""
        self.age_network()
        self.boot.with_user(self.admin_user).website_publish_button()
        self.assertTrue(self.boot.marketplace_validated, "published by hand: validated")
        self.run_cron()
        self.assertFalse(self.boot.is_published, "no store has it: off the shop at the next run")
        self.sneaker.with_user(self.admin_user).website_publish_button()
        self.run_cron()
        self.assertTrue(self.sneaker.marketplace_validated and self.sneaker.is_published, "Lyon has it")
        self.sneaker.with_user(self.admin_user).website_publish_button()
        self.assertFalse(self.sneaker.marketplace_validated or self.sneaker.is_published, "unpublished: withdrawn")
        self.feed(self.store_marseille, {self.b36: 1}, user=self.user_marseille)
        self.run_cron()
        self.assertTrue(self.boot.is_published, "a store has it now")
        self.assertFalse(self.sneaker.is_published)
        # A website editor who is not a marketplace administrator publishes no catalogue model.
        editor = new_test_user(self.env, login="mkt_web_editor",
                               groups="base.group_user,website.group_website_designer")
        with self.assertRaises(AccessError):
            self.sneaker.with_user(editor).website_publish_button()
        self.assertFalse(self.sneaker.is_published)

    def test_an_exported_catalogue_imported_back_withdraws_nothing(self):
        """Review: an administrator exports the models with their *On the Shop* column, changes
        a price and imports the file back: a validated model out of stock stays validated."""
        self.validate(self.sneaker, self.boot)
        self.assertEqual((self.sneaker.is_published, self.boot.is_published), (True, False))
        Template = self.env["product.template"].with_user(self.admin_user)
        data = Template.browse((self.sneaker | self.boot).ids).export_data(
            [".id", "list_price", "is_published"])["datas"]
        result = Template.load([".id", "list_price", "is_published"],
                               [[str(row[0]), "120", str(row[2])] for row in data])
        self.assertFalse(result["messages"], result)
        self.assertTrue(self.boot.marketplace_validated and self.sneaker.marketplace_validated)
        self.feed(self.store_marseille, {self.b36: 2}, user=self.user_marseille)
        self.run_cron()
        self.assertTrue(self.boot.is_published, "a store has it: on the shop")

    def test_a_member_cannot_validate(self):
        for user in (self.user_lyon, self.user_marseille):
            with self.assertRaises(AccessError):
                self.sneaker.with_user(user).write({"marketplace_validated": True})
        self.validate(self.sneaker)
        with self.assertRaises(AccessError):
            self.sneaker.with_user(self.user_lyon).action_marketplace_withdraw()
        self.assertTrue(self.sneaker.marketplace_validated and self.sneaker.is_published)

    def test_publish_and_withdraw_many_models_from_the_catalogue_list(self):
        publish = self.env.ref("marketplace_catalog_website.action_server_marketplace_publish")
        withdraw = self.env.ref("marketplace_catalog_website.action_server_marketplace_withdraw")
        model = self.env.ref("product.model_product_template")
        self.assertEqual((publish.binding_model_id, withdraw.binding_model_id), (model, model))
        models = self.sneaker | self.boot
        context = {"active_model": "product.template", "active_ids": models.ids}
        publish.with_user(self.admin_user).with_context(**context).run()
        self.assertEqual(models.mapped("marketplace_validated"), [True, True])
        self.assertTrue(self.sneaker.is_published)
        self.assertFalse(self.boot.is_published, "validated, but no store has it yet")
        withdraw.with_user(self.admin_user).with_context(**context).run()
        self.assertEqual(models.mapped("marketplace_validated"), [False, False])
        self.assertFalse(self.sneaker.is_published)
        with self.assertRaises(AccessError):
            publish.with_user(self.user_lyon).with_context(**context).run()
        self.assertFalse(self.sneaker.marketplace_validated)

    def test_the_import_option_puts_new_models_on_sale(self):
        content = (
            "supplier_ref;barcode;name;brand;size;rrp\n"
            f"MEP-OSCAR;{make_ean13(1, '300')};Mocassin Oscar daim bleu;Mephisto;40;99,90\n"
            f"MEP-OSCAR;{make_ean13(2, '300')};Mocassin Oscar daim bleu;Mephisto;41;99,90\n"
        )
        wizard = self.env["marketplace.catalog.import"].with_user(self.admin_user).create({
            "file": base64.b64encode(content.encode()), "filename": "mephisto.csv", "dry_run": False,
            "validate_created": True,
        })
        wizard.action_import()
        oscar = self.env["product.template"].search([("marketplace_supplier_ref", "=", "MEP-OSCAR")])
        self.assertTrue(oscar.marketplace_validated)
        self.assertFalse(oscar.is_published, "no store has it yet")
        self.feed(self.store_lyon, {oscar.product_variant_ids[1]: 1}, user=self.user_lyon)
        self.run_cron()
        self.assertTrue(oscar.is_published)

    def test_the_settings_are_the_administrators(self):
        with self.assertRaisesRegex(UserError, "Only marketplace administrators"):
            self.hub.with_user(self.animator_user).marketplace_out_of_stock_display = "show"
        self.assertEqual(self.hub.marketplace_out_of_stock_display, "hide")

    def test_upgrade_validates_the_models_already_on_the_shop(self):
        self.sneaker.sudo().is_published = True
        run_migration(self.env, "marketplace_catalog_website", "18.0.1.2.0", from_version="18.0.1.1.0")
        self.assertTrue(self.sneaker.marketplace_validated, "the hub had put it on the shop")
        self.assertFalse(self.boot.marketplace_validated)
        self.run_cron()
        self.assertTrue(self.sneaker.is_published, "Lyon has it: it stays on the shop")
