from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.addons.marketplace_base.utils import haversine_km
from odoo.addons.website.models import ir_http
from odoo.tools import SQL

# When the scheduled action last looked at the network (ir.config_parameter, UTC).
PUBLICATION_CHECKED_AT = "marketplace_catalog_website.publication_checked_at"


class ProductTemplate(models.Model):
    _name = "product.template"
    _inherit = ["product.template", "marketplace.cron.batch.mixin"]

    # ------------------------------------------------------------------ fields
    # Stored for the shop's search: its fuzzy search joins only one2many and many2many paths.
    marketplace_brand_name = fields.Char(related="marketplace_brand_id.name", store=True, string="Brand Name")

    # -------------------------------------------------------------------- CRUD
    @api.model_create_multi
    def create(self, vals_list):
        templates = super().create(vals_list)
        catalogue = templates.filtered("marketplace_catalog")
        catalogue._marketplace_sync_filter_attributes()
        catalogue._marketplace_sync_publication()
        return templates

    def write(self, vals):
        if "is_published" in vals and "marketplace_validated" not in vals and not self.env.context.get(
                "marketplace_publication_sync"):
            # Only the models whose publication this write changes (an export of the catalogue
            # imported back writes every model's, unchanged: no withdrawal).
            catalogue = self.sudo().filtered(
                lambda t: t.marketplace_catalog and t.is_published != bool(vals["is_published"])).with_env(self.env)
            if catalogue and catalogue != self:
                return super(ProductTemplate, self - catalogue).write(vals) and catalogue.write(vals)
            if catalogue:
                # The shop's *Publish* button on a catalogue model is the hub's validation (its
                # administrators' alone): published by hand, the model is validated, and whether
                # it stays on the shop follows the stock from the scheduled action's next run on
                # (it looks at the models written since); unpublished by hand, it is withdrawn.
                return super().write(dict(vals, marketplace_validated=bool(vals["is_published"])))
        res = super().write(vals)
        if "marketplace_validated" in vals:
            # Validated or withdrawn: on the shop or off it at once, not at the next run.
            self._marketplace_sync_publication()
        if {"marketplace_catalog", "marketplace_brand_id", "marketplace_colour", "marketplace_material"} & set(vals):
            self.filtered("marketplace_catalog")._marketplace_sync_filter_attributes()
        return res

    # ---------------------------------------------------------------- business
    @api.model
    def _marketplace_filter_attributes(self):
        """{attribute: how a catalogue model reads its value}: the shop's filters beside the size
        (attributes that make no variant, one value a model)."""
        readers = {
            "marketplace_catalog_website.product_attribute_brand": lambda template: template.marketplace_brand_id.name,
            "marketplace_catalog_website.product_attribute_colour": lambda template: template.marketplace_colour,
            "marketplace_catalog_website.product_attribute_material": lambda template: template.marketplace_material,
        }
        return {self.env.ref(xmlid): read for xmlid, read in readers.items()
                if self.env.ref(xmlid, raise_if_not_found=False)}

    def _marketplace_sync_filter_attributes(self):
        """Give these catalogue models their brand, colour and material as the shop's filter
        attributes (a value found by its name, made the first time); a model without one has no
        line of that attribute. Writes only what changes."""
        for attribute, read in self._marketplace_filter_attributes().items():
            values = {value.name.casefold(): value for value in attribute.value_ids}
            for template in self.sudo():
                name = (read(template) or "").strip()
                line = template.attribute_line_ids.filtered(
                    lambda line, attribute=attribute: line.attribute_id == attribute)
                if not name:
                    line.unlink()
                    continue
                value = values.get(name.casefold())
                if not value:
                    value = values[name.casefold()] = self.env["product.attribute.value"].sudo().create(
                        {"name": name, "attribute_id": attribute.id})
                if line.value_ids == value:
                    continue
                if line:
                    line.value_ids = [Command.set(value.ids)]
                else:
                    template.attribute_line_ids = [Command.create(
                        {"attribute_id": attribute.id, "value_ids": [Command.set(value.ids)]})]

    # Writes whose transaction began before the scheduled action's last run but committed
    # after it carry an older date: the next run looks this far back too (idempotent, so a model
    # looked at twice costs a row of a query). Longer than Odoo's request time limit and a
    # stock feed job's.
    _marketplace_publication_margin = timedelta(minutes=15)

    @api.model
    def _cron_marketplace_sync_publication(self, batch_size=1000):
        """The shop follows the stock: a catalogue model the hub validated is published while an
        open store publishes one of its sizes (the shop's own notion of network stock,
        ``stock.warehouse._marketplace_availability_sql``), unpublished when none does (or kept,
        shown out of stock, if the hub says so); a model not validated is not on the shop.

        A scheduled action rather than a hook on every stock change: stock changes by the
        thousand a minute (1,600 shops' feeds every 5 minutes, counter sales, reservations), in
        quant batches written in SQL, in Odoo's own move validation and in deleted quants; a hook
        would put a query and a website write in each of those transactions, and contend on the
        same models' rows. Here one run reads which models' stock changed since its last run
        (quants written and moves done since then), in batches of models locked with SKIP LOCKED
        (two workers share them), one SQL query over the quants of a batch's variants grouped by
        model, and writes only the models whose publication changes. Meanwhile the shop never
        sells what no store has: a size nobody publishes is out of stock
        (``allow_out_of_stock_order`` off). A change of a store, a member or the hub's settings
        (open, paused, closed, safety stock) makes the run look at every validated model.
        Validating or withdrawing a model publishes it or not at once (``write``)."""
        started = self.env.cr.now()
        params = self.env["ir.config_parameter"].sudo()
        last = params.get_param(PUBLICATION_CHECKED_AT)
        domain = [("marketplace_catalog", "=", True),
                  "|", ("marketplace_validated", "=", True), ("is_published", "=", True)]
        if last:
            since = fields.Datetime.to_datetime(last) - self._marketplace_publication_margin
            if not self._marketplace_network_changed_since(since):
                domain.append(("id", "in", self._marketplace_stock_changed_since(since)))
        Template = self.sudo()
        expected = Template.search_count(domain)
        done = Template._marketplace_cron_batches(
            domain, lambda templates: templates._marketplace_sync_publication(), batch_size)
        if done >= expected:
            # Models another worker held are looked at again next time.
            params.set_param(PUBLICATION_CHECKED_AT, fields.Datetime.to_string(started))
        return done

    @api.model
    def _marketplace_network_changed_since(self, since):
        """Whether a store, a member or the hub was written since ``since``: what is open and how
        much it keeps off the marketplace may have changed for every model."""
        self.env["stock.warehouse"].flush_model()
        self.env["res.company"].flush_model()
        return bool(self.env.execute_query(SQL(
            """SELECT 1 FROM stock_warehouse WHERE marketplace_store AND write_date >= %(since)s
               UNION ALL
               SELECT 1 FROM res_company WHERE marketplace_role IS NOT NULL AND write_date >= %(since)s
               LIMIT 1""",
            since=since,
        )))

    @api.model
    def _marketplace_stock_changed_since(self, since):
        """Ids of the catalogue models whose stock may have changed since ``since``: quants
        written (quantities, reservations) or moves done (a quant emptied and deleted since),
        and the models themselves written since (published by hand, say)."""
        self.env["stock.quant"].flush_model()
        self.env["stock.move"].flush_model()
        self.flush_model()
        rows = self.env.execute_query(SQL(
            """SELECT DISTINCT p.product_tmpl_id
                 FROM product_product p
                 JOIN product_template t ON t.id = p.product_tmpl_id AND t.marketplace_catalog
                WHERE p.id IN (SELECT product_id FROM stock_quant WHERE write_date >= %(since)s
                               UNION
                               SELECT product_id FROM stock_move WHERE date >= %(since)s AND state = 'done')
                UNION
               SELECT id FROM product_template WHERE marketplace_catalog AND write_date >= %(since)s""",
            since=since,
        ))
        return [row[0] for row in rows]

    def _marketplace_sync_publication(self):
        """Publish these catalogue models or not, as the catalogue says: validated and published
        by an open store (or shown out of stock: the hub's *Out of stock* setting). Writes only
        what changes."""
        templates = self.sudo().with_context(marketplace_publication_sync=True).filtered("marketplace_catalog")
        if not templates:
            return
        validated = templates.filtered("marketplace_validated")
        hub = self.env["res.company"]._marketplace_hub()
        if hub.marketplace_out_of_stock_display == "show":
            offered = validated
        else:
            offered = validated._marketplace_in_network_stock()
        (offered - templates.filtered("is_published")).write({"is_published": True})
        (templates - offered).filtered("is_published").write({"is_published": False})

    def _marketplace_in_network_stock(self):
        """Those of these models an open store publishes a size of: one query over the quants of
        their sizes, grouped by model."""
        if not self:
            return self
        Store = self.env["stock.warehouse"].sudo()
        Store._marketplace_flush_availability()
        variants = self.env["product.product"].sudo().search([("product_tmpl_id", "in", self.ids)])
        rows = self.env.execute_query(SQL(
            """SELECT p.product_tmpl_id
                 FROM (%s) AS per_store(store_id, product_id, qty)
                 JOIN product_product p ON p.id = per_store.product_id
                WHERE per_store.qty > 0
             GROUP BY p.product_tmpl_id""",
            Store._marketplace_availability_sql(variants.ids, open_only=True),
        ))
        return self.browse(row[0] for row in rows)

    @api.model
    def _search_get_detail(self, website, order, options):
        """The shop's search finds a catalogue model by its brand, its supplier reference or the
        EAN of one of its sizes too (a customer types what the box says)."""
        detail = super()._search_get_detail(website, order, options)
        detail["search_fields"] += [
            "marketplace_brand_name", "marketplace_supplier_ref", "product_variant_ids.barcode"]
        return detail

    @api.model
    def _apply_taxes_to_price(self, price, currency, product_taxes, taxes, product_or_template, website=None):
        """Shop prices: a catalogue product's taxes are the website company's catalogue VAT,
        mapped by the website's fiscal position (``product.template._marketplace_taxes``)."""
        if not product_taxes and product_or_template.marketplace_catalog:
            website = website or self.env["website"].get_current_website()
            product_taxes = product_or_template._marketplace_taxes(self.env.company)
            taxes = website.fiscal_position_id.sudo().map_tax(product_taxes)
        return super()._apply_taxes_to_price(price, currency, product_taxes, taxes, product_or_template,
                                             website=website)

    def _get_additionnal_combination_info(self, product_or_template, quantity, date, website):
        """The product page: Odoo applies the product's taxes only when it has some; for the
        chosen size, how many shops near the customer have it (``marketplace_stores_near``)."""
        info = super()._get_additionnal_combination_info(product_or_template, quantity, date, website)
        if product_or_template.is_product_variant and product_or_template.marketplace_catalog:
            near = self._marketplace_stores_near(product_or_template, website)
            info["marketplace_stores_near"] = near
            info["marketplace_stores_near_message"] = near and (
                self.env._("In stock in 1 shop less than %(km)s km from you.", km=self._marketplace_near_km)
                if near == 1 else
                self.env._("In stock in %(count)s shops less than %(km)s km from you.",
                           count=near, km=self._marketplace_near_km))
        if info["product_taxes"] or not product_or_template.marketplace_catalog:
            return info
        product_taxes = product_or_template._marketplace_taxes(self.env.company)
        taxes = website.fiscal_position_id.sudo().map_tax(product_taxes)
        for key in ("price", "list_price", "price_extra"):
            info[key] = self._apply_taxes_to_price(
                info[key], info["currency"], product_taxes, taxes, product_or_template, website=website)
        info.update(
            base_unit_price=product_or_template._get_base_unit_price(info["price"]),
            product_taxes=product_taxes,
            taxes=taxes,
        )
        return info

    def _get_configurator_display_price(self, product_or_template, quantity, date, currency, pricelist, **kwargs):
        """The optional products' configurator, likewise."""
        price, rule_id = super()._get_configurator_display_price(
            product_or_template, quantity, date, currency, pricelist, **kwargs)
        website = ir_http.get_request_website()
        if (website and product_or_template.marketplace_catalog
                and not product_or_template.sudo().taxes_id._filter_taxes_by_company(self.env.company)):
            price = self._apply_taxes_to_price(
                price, currency, self.env["account.tax"], self.env["account.tax"], product_or_template, website=website)
        return price, rule_id

    def _get_attribute_exclusions(self, parent_combination=None, parent_name=None, combination_ids=None):
        """The size selector: the sizes no open store publishes are greyed out
        (``marketplace_unavailable``, read by the shop's variant script), for a catalogue shoe whose
        only choice is its size. One query for all its sizes."""
        res = super()._get_attribute_exclusions(parent_combination, parent_name, combination_ids)
        if (self.marketplace_catalog
                and len(self.valid_product_template_attribute_line_ids._without_no_variant_attributes()) == 1
                and self.env["res.company"]._marketplace_hub()):
            variants = self.sudo().product_variant_ids
            available = self.env["stock.warehouse"].sudo()._marketplace_network_availability(variants)
            res["marketplace_unavailable"] = [
                ptav.id for variant in variants if not available.get(variant.id)
                for ptav in variant.product_template_attribute_value_ids
            ]
        return res

    _marketplace_near_km = 30

    @api.model
    def _marketplace_customer_position(self, website):
        """(latitude, longitude) of the customer: the cart's delivery address, else the logged-in
        customer's own; None for a visitor or an address without coordinates."""
        partner = self.env["res.partner"]
        order = website.sale_get_order() if website else None
        if order and order.partner_shipping_id and not website.is_public_user():
            partner = order.partner_shipping_id
        elif website and not website.is_public_user():
            partner = self.env.user.partner_id
        partner = partner.sudo()
        if partner and (partner.partner_latitude or partner.partner_longitude):
            return partner.partner_latitude, partner.partner_longitude
        return None

    @api.model
    def _marketplace_stores_near(self, product, website):
        """Open stores within ``_marketplace_near_km`` of the customer publishing ``product``, or
        None when the customer's position is unknown: one query for the stock, one for the
        stores' coordinates."""
        position = self._marketplace_customer_position(website)
        if not position:
            return None
        Store = self.env["stock.warehouse"].sudo()
        Store._marketplace_flush_availability()
        rows = self.env.execute_query(Store._marketplace_availability_sql([product.id], open_only=True))
        stores = Store.browse(store_id for store_id, _product_id, qty in rows if qty > 0)
        return sum(
            1 for store in stores
            if (store.partner_id.partner_latitude or store.partner_id.partner_longitude)
            and haversine_km(*position, store.partner_id.partner_latitude, store.partner_id.partner_longitude)
            <= self._marketplace_near_km
        )

    @api.model
    def _marketplace_stop_selling_out_of_stock(self):
        """The hub sells what the stores publish: a size nobody has is out of stock, not sold anyway.
        Website › Settings › "Continue selling when out-of-stock" off (website_sale_stock's default
        is on), and the catalogue products made before."""
        self.env["ir.default"].sudo().set("product.template", "allow_out_of_stock_order", False)
        self.with_context(active_test=False).search(
            [("marketplace_catalog", "=", True), ("allow_out_of_stock_order", "=", True)]
        ).write({"allow_out_of_stock_order": False})
