from datetime import timedelta

from odoo import fields
from odoo.addons.marketplace_base.tests.common import MarketplaceCommon

from ..utils import make_ean13


class CatalogCommon(MarketplaceCommon):
    """Two members (Lyon, Marseille) and a catalogue sneaker in sizes 38 to 40.5."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        categ = cls.env.ref("marketplace_catalog.product_category_catalog")
        cls.department = cls.env["product.category"].create({"name": "Homme", "parent_id": categ.id})
        cls.family = cls.env["product.category"].create({"name": "Baskets", "parent_id": cls.department.id})
        cls.subfamily = cls.env["product.category"].create({"name": "Baskets basses", "parent_id": cls.family.id})
        cls.brand = cls.env["marketplace.brand"].create({"name": "Pataugas"})
        cls.size_attr = cls.env.ref("marketplace_catalog.product_attribute_size")
        sizes = cls.env["product.attribute.value"].create([
            {"name": name, "attribute_id": cls.size_attr.id} for name in ("38", "39", "40", "40.5")
        ])
        cls.sneaker = cls.env["product.template"].create({
            "name": "Basket Jules cuir blanc",
            "marketplace_catalog": True,
            "is_storable": True,
            "categ_id": cls.subfamily.id,
            "marketplace_brand_id": cls.brand.id,
            "marketplace_manufacturer": "Pataugas SAS",
            "marketplace_supplier_ref": "PAT-JULES-BL",
            "marketplace_colour": "Blanc",
            "marketplace_material": "Cuir",
            "list_price": 89.90,
            "attribute_line_ids": [(0, 0, {"attribute_id": cls.size_attr.id, "value_ids": [(6, 0, sizes.ids)]})],
        })
        cls.variants = cls.sneaker.product_variant_ids.sorted(
            lambda p: float(p.product_template_attribute_value_ids.name))
        for number, variant in enumerate(cls.variants, start=1):
            variant.write({"barcode": make_ean13(number), "default_code": f"PAT-JULES-BL-{38 + number}"})
        cls.v38, cls.v39, cls.v40, cls.v405 = cls.variants

    @classmethod
    def store_qty(cls, store, product):
        return cls.env["marketplace.stock.feed"]._marketplace_current_quantities(
            store.lot_stock_id, [product.id]).get(product.id, 0)

    @classmethod
    def api_key(cls, user, name="Logiciel de caisse"):
        """An RPC API key of ``user``, as a member makes one for its shop software
        (Odoo caps keys of non-administrators at 90 days)."""
        return cls.env["res.users.apikeys"].with_user(user)._generate(
            "rpc", name, fields.Datetime.now() + timedelta(days=60))

    def age_catalogue(self, export):
        """Time passes: the export was taken on 1 June, the catalogue last written in May."""
        self.env.flush_all()
        self.env.cr.execute("UPDATE marketplace_catalog_export SET snapshot = '2026-06-01' WHERE id = %s", [export])
        for table in ("product_template", "product_product", "marketplace_brand", "product_category",
                      "product_attribute_value", "product_template_attribute_value"):
            self.env.cr.execute(f"UPDATE {table} SET write_date = '2026-05-01'")  # noqa: S608  # pylint: disable=sql-injection
        self.env.invalidate_all()


def delete_committed_product(cr, product_id):
    """Remove a catalogue product a test committed (with real cursors), and its stock history."""
    for table in ("stock_move_line", "stock_move", "stock_quant", "stock_valuation_layer"):
        cr.execute(f"DELETE FROM {table} WHERE product_id = %s", [product_id])  # noqa: S608
    cr.execute("DELETE FROM product_product WHERE id = %s RETURNING product_tmpl_id", [product_id])
    cr.execute("DELETE FROM product_template WHERE id IN %s", [tuple(row[0] for row in cr.fetchall())])


def committed_hub_store(env, store_code, code, name):
    """The hub's store ``store_code`` for tests on committed data (real cursors), made once and
    kept: returns (hub, store)."""
    hub = env["res.company"]._marketplace_ensure_hub()
    store = env["stock.warehouse"].search([("marketplace_store_code", "=", store_code)])
    if not store:
        store = env["stock.warehouse"].create({
            "name": name, "code": code, "company_id": hub.id,
            "marketplace_store": True, "marketplace_store_code": store_code,
        })
    return hub, store
