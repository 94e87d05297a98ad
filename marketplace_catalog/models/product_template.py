from odoo import Command, api, fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    # ------------------------------------------------------------------ fields
    marketplace_catalog = fields.Boolean(
        string="Marketplace Catalogue",
        index=True,
        help="Shared product of the network's catalogue (référencier).",
    )
    marketplace_brand_id = fields.Many2one("marketplace.brand", string="Brand", index=True)
    marketplace_manufacturer = fields.Char(string="Manufacturer")
    marketplace_supplier_ref = fields.Char(string="Supplier Reference", index=True)
    marketplace_colour = fields.Char(string="Colour")
    marketplace_material = fields.Char(string="Material")
    marketplace_department = fields.Char(compute="_compute_marketplace_nomenclature", string="Department")
    marketplace_family = fields.Char(compute="_compute_marketplace_nomenclature", string="Family")
    marketplace_subfamily = fields.Char(compute="_compute_marketplace_nomenclature", string="Sub-family")

    # ----------------------------------------------------------------- compute
    @api.depends("categ_id", "categ_id.parent_path")
    def _compute_marketplace_nomenclature(self):
        """The nomenclature is the product category path: department / family / sub-family
        below the catalogue's root category."""
        root = self.env.ref("marketplace_catalog.product_category_catalog", raise_if_not_found=False)
        for template in self:
            names = []
            categ = template.categ_id
            while categ and categ != root:
                names.insert(0, categ.name)
                categ = categ.parent_id
            if categ != root:
                names = []
            names += [False] * 3
            template.marketplace_department, template.marketplace_family, template.marketplace_subfamily = names[:3]

    # -------------------------------------------------------------------- CRUD
    @api.model_create_multi
    def create(self, vals_list):
        """Catalogue products are sold at the members' counters, and carry no per-company taxes:
        Odoo would otherwise give them the taxes of every company in the context, and each new
        member's chart of accounts would add its own to every one of them (see
        ``product.product._marketplace_taxes`` for the fallback)."""
        for vals in vals_list:
            if vals.get("marketplace_catalog"):
                vals.setdefault("available_in_pos", True)
                vals.setdefault("taxes_id", [Command.clear()])
                vals.setdefault("supplier_taxes_id", [Command.clear()])
        return super().create(vals_list)

    # ---------------------------------------------------------------- business
    def _prepare_variant_values(self, combination):
        """Variants made while a catalogue is imported get their barcode and prices at creation
        (one batched create and one barcode check, instead of a write per variant): the context's
        ``marketplace_variant_values`` maps ``(supplier_ref, brand_id, attribute value ids)`` to
        the variant's values."""
        values = super()._prepare_variant_values(combination)
        preset = self.env.context.get("marketplace_variant_values")
        if preset:
            key = (self.marketplace_supplier_ref, self.marketplace_brand_id.id,
                   tuple(sorted(combination.product_attribute_value_id.ids)))
            values.update(preset.get(key, {}))
        return values
