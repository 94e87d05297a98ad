from odoo import api, models

PROVIDER = "marketplace_fr_postcode"
SEPARATOR = "\x1f"


class BaseGeocoder(models.AbstractModel):
    _inherit = "base.geocoder"

    @api.model
    def _geo_query_address_marketplace_fr_postcode(
        self, street=None, zip=None, city=None, state=None, country=None
    ):
        # The offline table only needs the postcode, the town and the country.
        return SEPARATOR.join([zip or "", city or "", country or ""])

    @api.model
    def _call_marketplace_fr_postcode(self, addr, **kw):
        """Locate an address with the French postcode table: no network call."""
        if not addr:
            return None
        if SEPARATOR in addr:
            zip_code, city, country = (addr.split(SEPARATOR) + ["", ""])[:3]
        else:  # a free-text address: take its postcode and what follows as the town
            zip_code, city, country = "", addr, ""
        if country and country.strip().lower() not in ("france", "fr"):
            return None
        result = self.env["marketplace.postcode"]._marketplace_lookup(zip_code, city)
        return (result["latitude"], result["longitude"]) if result else None

    @api.model
    def _marketplace_is_offline(self):
        return self._get_provider().tech_name == PROVIDER

    @api.model
    def _marketplace_set_default_provider(self):
        """Make the offline table the geocoder, unless an administrator chose another one."""
        params = self.env["ir.config_parameter"].sudo()
        if not params.get_param("base_geolocalize.geo_provider"):
            provider = self.env.ref("marketplace_base.geo_provider_fr_postcode")
            params.set_param("base_geolocalize.geo_provider", provider.id)
