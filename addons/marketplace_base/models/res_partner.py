from odoo import api, fields, models
from odoo.tools import SQL

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
    def _company_dependent_commercial_sync(self):
        """A contact under a company takes its commercial fields. Odoo writes the per-company ones
        (payment terms, fiscal position, receivable and payable accounts...) once per company of
        the database: at 1,600 members, 1,600 writes for each store address and each customer's
        delivery address. The values are the commercial partner's in each company, so the contact
        takes the commercial partner's per-company values as they are: one statement."""
        fnames = self._company_dependent_commercial_fields()
        if not fnames or not self:
            return
        self.flush_model([*fnames, "commercial_partner_id"])
        self.env.execute_query(SQL(
            "UPDATE res_partner c SET %s FROM res_partner p WHERE c.id = ANY(%s) AND p.id = c.commercial_partner_id "
            "AND c.id != p.id",
            SQL(", ").join(SQL("%s = p.%s", SQL.identifier(f), SQL.identifier(f)) for f in fnames),
            self.ids,
        ))
        self.invalidate_recordset(fnames)
        self.modified(fnames)

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
