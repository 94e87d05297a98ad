from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_amount


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
    marketplace_validated = fields.Boolean(
        string="Validated for Sale",
        copy=False,
        help="The hub's administrators validated this catalogue model: it is offered for sale online "
        "while an open store publishes one of its sizes.",
    )

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

    # ------------------------------------------------------------- constraints
    @api.constrains("marketplace_validated", "marketplace_catalog")
    def _check_marketplace_validated(self):
        for template in self:
            if template.marketplace_validated and not template.marketplace_catalog:
                raise ValidationError(self.env._(
                    "Only catalogue models are validated for sale: %(product)s is not one.",
                    product=template.display_name))

    # -------------------------------------------------------------------- CRUD
    @api.model_create_multi
    def create(self, vals_list):
        """Catalogue products are sold at the members' counters, and carry no per-company taxes:
        Odoo would otherwise give them the taxes of every company in the context, and each new
        member's chart of accounts would add its own to every one of them (see
        ``_marketplace_taxes``, the enforcement point that gives them each company's VAT).

        Only the hub's marketplace administrators create them; a shop's own products belong to
        its company."""
        member = self._marketplace_is_member_user()
        if any(vals.get("marketplace_validated") for vals in vals_list):
            self._marketplace_check_validation_right()
        for vals in vals_list:
            if vals.get("marketplace_catalog"):
                self._marketplace_check_catalogue_write(self.browse(), vals, creating=True)
                vals.setdefault("available_in_pos", True)
                # Whatever the form proposed or a client sent (Odoo's default taxes): none.
                vals["taxes_id"] = [Command.clear()]
                vals["supplier_taxes_id"] = [Command.clear()]
            elif member and not vals.get("company_id"):
                vals["company_id"] = self.env.company.id
        templates = super().create(vals_list)
        templates.filtered("marketplace_catalog")._marketplace_sync_category_mirrors()
        return templates

    def write(self, vals):
        if "marketplace_validated" in vals:
            self._marketplace_check_validation_right()
        self._marketplace_check_catalogue_write(self, vals, records=self)
        if not self.env.su and {"taxes_id", "supplier_taxes_id"} & set(vals) and self.sudo().filtered(
                "marketplace_catalog"):
            raise UserError(self.env._(
                "Catalogue products carry no taxes of their own: each company applies its catalogue VAT "
                "(the hub's in Settings > Marketplace, a member's on its form), included in the catalogue's "
                "prices."))
        if vals.get("marketplace_catalog"):
            # Made a catalogue product: the taxes Odoo gave it when it was created go.
            vals = dict(vals, taxes_id=[Command.clear()], supplier_taxes_id=[Command.clear()])
        res = super().write(vals)
        if "list_price" in vals:
            self.filtered("marketplace_catalog").product_variant_ids._marketplace_sync_price_extra()
        if {"categ_id", "marketplace_catalog"} & set(vals):
            self.filtered("marketplace_catalog")._marketplace_sync_category_mirrors()
        return res

    def unlink(self):
        self._marketplace_check_catalogue_write(self)
        return super().unlink()

    def _force_default_sale_tax(self, companies):
        """Odoo gives a product made without a company every other company's default taxes (at
        its creation, and at a new company's chart): never a catalogue product."""
        return super(ProductTemplate, self.filtered(lambda p: not p.marketplace_catalog))._force_default_sale_tax(
            companies)

    def _force_default_purchase_tax(self, companies):
        return super(ProductTemplate, self.filtered(lambda p: not p.marketplace_catalog)
                     )._force_default_purchase_tax(companies)

    def _read_format(self, fnames, load="_classic_read"):
        result = super()._read_format(fnames, load)
        self._marketplace_read_taxes(self, result, fnames)
        return result

    # ----------------------------------------------------------------- actions
    def action_marketplace_validate(self):
        """Validate these catalogue models for sale (the hub's administrators)."""
        self.write({"marketplace_validated": True})
        return True

    def action_marketplace_withdraw(self):
        """Withdraw these catalogue models from sale (the hub's administrators)."""
        self.write({"marketplace_validated": False})
        return True

    # ---------------------------------------------------------------- business
    def _marketplace_sync_category_mirrors(self):
        """Each of these catalogue models in the mirrors of its nomenclature category (the
        registers' categories, the shop's), beside the categories given to it by hand."""
        Category = self.env["product.category"]
        for model, field in Category._marketplace_mirror_fields().items():
            mirrors = {}
            for template in self.sudo():
                if template.categ_id not in mirrors:
                    mirrors[template.categ_id] = template.categ_id._marketplace_mirror(model)
                current = template[field]
                wanted = current.filtered(lambda categ: not categ.marketplace_categ_id) | mirrors[template.categ_id]
                if wanted != current:
                    template[field] = [Command.set(wanted.ids)]

    def _marketplace_taxes(self, company, kind="sale"):
        """The one enforcement point of a product's taxes in ``company`` (``kind``: sale or
        purchase): the product's own taxes for that company or, for a catalogue product (shared
        products carry no per-company taxes, see the README), the company's catalogue VAT on sales
        (included in the catalogue's TTC prices) and its default purchase tax on purchases (the
        network purchase price is excluding VAT). Every path where Odoo picks a product's taxes
        asks it: sale, invoice, bill and purchase lines, website prices, the Point of Sale."""
        self.ensure_one()
        field = "taxes_id" if kind == "sale" else "supplier_taxes_id"
        taxes = self.sudo()[field].filtered_domain(self.env["account.tax"]._check_company_domain(company))
        if not taxes and self.marketplace_catalog:
            taxes = self._marketplace_catalogue_taxes(company, kind)
        return taxes

    @api.model
    def _marketplace_catalogue_taxes(self, company, kind="sale"):
        """What a company charges on catalogue products: its catalogue VAT (French VAT at 20 %,
        price included) on sales, its default purchase tax on purchases."""
        if kind == "sale":
            return company._marketplace_catalog_sale_tax()
        return company.sudo().account_purchase_tax_id

    @api.model
    def _marketplace_read_taxes(self, records, result, fnames):
        """What a client reads as a catalogue product's taxes (the Point of Sale loading its
        products, looking up a scanned barcode, any RPC read): the current company's taxes for
        catalogue products."""
        wanted = [name for name in ("taxes_id", "supplier_taxes_id") if name in fnames]
        if not wanted or not result:
            return
        catalogue = set(records.sudo().filtered("marketplace_catalog").ids)
        if not catalogue:
            return
        company = self.env.company
        taxes = {
            "taxes_id": self._marketplace_catalogue_taxes(company, "sale").ids,
            "supplier_taxes_id": self._marketplace_catalogue_taxes(company, "purchase").ids,
        }
        for values in result:
            if values["id"] in catalogue:
                for name in wanted:
                    if not values.get(name):
                        values[name] = list(taxes[name])

    def _construct_tax_string(self, price):
        """The "(= 74,92 € Excl. Taxes)" of the product form, with the catalogue VAT."""
        if not self.marketplace_catalog or self.sudo().taxes_id.filtered(lambda t: t.company_id == self.env.company):
            return super()._construct_tax_string(price)
        currency = self.currency_id
        res = self._marketplace_taxes(self.env.company).compute_all(
            price, product=self, partner=self.env["res.partner"])
        joined = []
        if currency.compare_amounts(res["total_included"], price):
            joined.append(self.env._("%(amount)s Incl. Taxes",
                                     amount=format_amount(self.env, res["total_included"], currency)))
        if currency.compare_amounts(res["total_excluded"], price):
            joined.append(self.env._("%(amount)s Excl. Taxes",
                                     amount=format_amount(self.env, res["total_excluded"], currency)))
        return f"(= {', '.join(joined)})" if joined else " "

    @api.model
    def _marketplace_may_edit_catalogue(self):
        """The shared catalogue is the hub's: its marketplace administrators (and the import they
        run) change it, nobody else."""
        return self.env.su or self.env.user.has_group("marketplace_base.group_marketplace_admin")

    @api.model
    def _marketplace_check_validation_right(self):
        """Only the hub's marketplace administrators validate catalogue models for sale or withdraw
        them, whatever the client (a form, RPC): an explicit check, the field being readable by
        all."""
        if not self._marketplace_may_edit_catalogue():
            raise AccessError(self.env._(
                "Catalogue models are shared by the whole network: only the hub's marketplace "
                "administrators validate them for sale or withdraw them."))

    @api.model
    def _marketplace_is_member_user(self):
        """A shop's user (not hub staff), whose new products belong to its own company."""
        user = self.env.user
        return (not self.env.su and user.has_group("marketplace_base.group_marketplace_member")
                and not user.has_group("marketplace_base.group_marketplace_animator"))

    @api.model
    def _marketplace_check_catalogue_write(self, templates, vals=None, records=None, creating=False):
        """Refuse a change of the shared catalogue (``templates`` and what hangs on them:
        ``records``, their variants, sizes and size prices) to anyone but the hub's marketplace
        administrators. ``vals``: the values of a write (None for a removal); values Odoo keeps
        per company (a shop's own cost) remain each company's own."""
        if self._marketplace_may_edit_catalogue():
            return
        if vals is not None and not creating:
            model_fields = (records if records is not None else templates)._fields
            if all(name in model_fields and model_fields[name].company_dependent for name in vals):
                return
            if vals.get("marketplace_catalog"):
                creating = True
        if creating or templates.sudo().filtered("marketplace_catalog"):
            raise AccessError(self.env._(
                "Catalogue products are shared by the whole network: only the hub's marketplace "
                "administrators change them. Create your own products to sell what the catalogue "
                "lacks."
            ))

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
