from odoo import api, fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    # ------------------------------------------------------------------ fields
    marketplace_out_of_stock_display = fields.Selection(
        selection=[("hide", "Disappears from the shop"), ("show", "Stays on the shop, out of stock")],
        string="Model Out of Stock",
        default="hide",
        required=True,
        help="What the shop does with a validated catalogue model when no open store publishes any of "
        "its sizes.",
    )

    # -------------------------------------------------------------------- CRUD
    @api.model
    def _marketplace_setting_fields(self):
        return super()._marketplace_setting_fields() + ("marketplace_out_of_stock_display",)

    def write(self, vals):
        res = super().write(vals)
        if "marketplace_out_of_stock_display" in vals:
            # The hub changed: the next run looks at every model; let it come now.
            cron = self.env.ref("marketplace_catalog_website.ir_cron_marketplace_sync_publication",
                                raise_if_not_found=False)
            if cron:
                cron.sudo()._trigger()
        return res
