from odoo import api, fields, models

ADDRESS_FIELDS = {"street", "zip", "city", "state_id", "country_id"}


class ResPartner(models.Model):
    _inherit = "res.partner"

    # ------------------------------------------------------------------- CRUD
    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        partners.filtered(lambda p: p.zip or p.city)._marketplace_geolocalize_offline()
        return partners

    def write(self, vals):
        # Decide before super(): base_geolocalize adds zero coordinates to vals.
        relocate = ADDRESS_FIELDS & vals.keys() and not (
            "partner_latitude" in vals and "partner_longitude" in vals
        )
        res = super().write(vals)
        if relocate:
            self._marketplace_geolocalize_offline()
        return res

    # --------------------------------------------------------------- business
    def geo_localize(self):
        # The offline table calls no remote service: it may run in tests and imports too.
        if self.env["base.geocoder"]._marketplace_is_offline():
            self = self.with_context(force_geo_localize=True)
        return super().geo_localize()

    def _marketplace_geolocalize_offline(self):
        """Give French addresses their coordinates as soon as they are saved, when the
        offline provider is the geocoder (no network call, one query per address)."""
        if not self or not self.env["base.geocoder"]._marketplace_is_offline():
            return
        france = self.env.ref("base.fr")
        Postcode = self.env["marketplace.postcode"]
        today = fields.Date.context_today(self)
        for partner in self:
            if partner.country_id and partner.country_id != france:
                continue
            result = Postcode._marketplace_lookup(partner.zip, partner.city)
            if result:
                partner.write({
                    "partner_latitude": result["latitude"],
                    "partner_longitude": result["longitude"],
                    "date_localization": today,
                })
