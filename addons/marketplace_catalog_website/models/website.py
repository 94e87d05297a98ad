import base64

from odoo import api, models
from odoo.tools.misc import file_open

# The demo shop's pricelist: Odoo's own, renamed; the other demo pricelists are archived.
DEMO_PRICELIST_NAME = "France (prix TTC)"


class Website(models.Model):
    _inherit = "website"

    # ---------------------------------------------------------------- business
    def _get_product_available_qty(self, product, **kwargs):
        """The shop sells the network's stock of the catalogue: what the open stores publish (one
        query), not the hub's own warehouse (website_sale_stock). Other products, or without a
        hub: Odoo's way."""
        if not (product.marketplace_catalog and self.env["res.company"]._marketplace_hub()):
            return super()._get_product_available_qty(product, **kwargs)
        return self.env["stock.warehouse"].sudo()._marketplace_network_availability(product).get(product.id, 0)

    @api.model
    def _marketplace_show_prices_vat_included(self):
        """The hub's shop sells to consumers: its prices show VAT included (Odoo's default excludes
        it). Other companies' websites keep their setting."""
        hub = self.env["res.company"]._marketplace_hub()
        if hub:
            self.search([("company_id", "=", hub.id)]).show_line_subtotals_tax_selection = "tax_included"

    @api.model
    def _marketplace_set_up_shop(self):
        """What the shop needs of a database the module comes into (install) or that it catches
        up with (upgrade): prices VAT included, and the catalogue's models in the categories of
        their nomenclature, with the brand, colour and material filters."""
        self._marketplace_show_prices_vat_included()
        catalogue = self.env["product.template"].with_context(active_test=False).search(
            [("marketplace_catalog", "=", True)])
        catalogue._marketplace_sync_category_mirrors()
        catalogue._marketplace_sync_filter_attributes()

    @api.model
    def _marketplace_load_demo_shop(self):
        """The demo's website is the network's shoe shop, not Odoo's furniture demo: its name and
        logo, French and one pricelist in euros, Odoo's second demo website removed, the demo
        furniture off the shop and its categories gone (the shop's categories are the catalogue's
        nomenclature), the attributes of other demos out of the shop's filters, and the members'
        registers showing the nomenclature's categories only."""
        hub = self.env["res.company"]._marketplace_hub()
        website = self.search([("company_id", "=", hub.id)], order="id", limit=1)
        if not website:
            return
        with file_open("marketplace_catalog_website/static/src/img/logo.svg", "rb") as logo:
            logo = base64.b64encode(logo.read())
        french = self.env["res.lang"]._activate_lang("fr_FR")
        website.write({"name": hub.name, "logo": logo, "default_lang_id": french.id,
                       "language_ids": [(6, 0, french.ids)]})
        hub.logo = logo
        for other in self.search([("id", "!=", website.id)]):
            try:
                with self.env.cr.savepoint():
                    other.unlink()
            except Exception:  # noqa: BLE001 - a demo website other data hold on to stays
                other.name = f"{other.name} (démo Odoo)"
        Pricelist = self.env["product.pricelist"]
        kept = self.env.ref("product.list0", raise_if_not_found=False) or Pricelist.search([], limit=1)
        if kept:
            kept.write({"name": DEMO_PRICELIST_NAME, "currency_id": self.env.ref("base.EUR").id,
                        "country_group_ids": [(5, 0, 0)], "website_id": website.id, "selectable": False,
                        "company_id": hub.id})
            Pricelist.search([("id", "!=", kept.id)]).active = False
        Template = self.env["product.template"]
        Template.search([("marketplace_catalog", "=", False), ("is_published", "=", True)]).is_published = False
        self.env["product.public.category"].search([("marketplace_categ_id", "=", False)]).unlink()
        catalogue_attributes = Template.search([("marketplace_catalog", "=", True)]).attribute_line_ids.attribute_id
        self.env["product.attribute"].search([("id", "not in", catalogue_attributes.ids)]).visibility = "hidden"
        nomenclature = self.env["pos.category"].search(
            [("marketplace_categ_id", "!=", False), ("parent_id", "=", False)])
        self.env["pos.config"].search([("company_id.marketplace_role", "=", "member")]).write(
            {"limit_categories": True, "iface_available_categ_ids": [(6, 0, nomenclature.ids)]})
