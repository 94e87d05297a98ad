import logging

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..utils import normalize_code

_logger = logging.getLogger(__name__)


class StockWarehouse(models.Model):
    _name = "stock.warehouse"
    _inherit = ["stock.warehouse", "marketplace.unique.code.mixin", "marketplace.cron.batch.mixin"]
    _marketplace_code_field = "marketplace_store_code"

    # ------------------------------------------------------------------ fields
    marketplace_store = fields.Boolean(
        index=True,
        help="This warehouse is a shop of a member that sells through the marketplace.",
    )
    marketplace_store_code = fields.Char(
        string="Store Code",
        index=True,
        copy=False,
        help="Unique code of the store in the network, used by stock feeds, exports and the API.",
    )
    marketplace_ship = fields.Boolean(
        string="Ships Parcels", default=True, help="The store ships marketplace orders."
    )
    marketplace_collect = fields.Boolean(
        string="Click & Collect",
        default=True,
        help="Customers may collect marketplace orders in this store.",
    )
    # Same field as website_sale_collect's, so both modules share the store's opening hours.
    opening_hours = fields.Many2one(
        comodel_name="resource.calendar", check_company=True
    )
    marketplace_paused = fields.Boolean(
        string="Holiday Pause",
        help="The store takes no marketplace order until the end of its pause.",
    )
    marketplace_pause_end = fields.Date(
        string="Pause Until",
        help="Last day of the pause: the store reopens by itself the day after.",
    )
    marketplace_member_state = fields.Selection(
        related="company_id.marketplace_state", string="Member Status"
    )
    marketplace_latitude = fields.Float(
        related="partner_id.partner_latitude", string="Latitude", digits=(10, 7)
    )
    marketplace_longitude = fields.Float(
        related="partner_id.partner_longitude", string="Longitude", digits=(10, 7)
    )
    marketplace_city = fields.Char(related="partner_id.city", string="Town")
    marketplace_zip = fields.Char(related="partner_id.zip", string="Postcode")

    # ------------------------------------------------------------- constraints
    _sql_constraints = [
        (
            "marketplace_store_code_uniq",
            "unique(marketplace_store_code)",
            "The store code must be unique.",
        ),
    ]

    @api.constrains("marketplace_store", "marketplace_store_code")
    def _check_marketplace_store_code(self):
        for warehouse in self:
            if warehouse.marketplace_store and not warehouse.marketplace_store_code:
                raise ValidationError(
                    self.env._("The store %(store)s needs a store code.", store=warehouse.name)
                )

    @api.constrains("marketplace_paused", "marketplace_pause_end")
    def _check_marketplace_pause(self):
        for warehouse in self:
            if warehouse.marketplace_paused and not warehouse.marketplace_pause_end:
                raise ValidationError(
                    self.env._("Give the last day of the holiday pause of %(store)s.", store=warehouse.name)
                )

    # ------------------------------------------------------------------- CRUD
    def _marketplace_code_error(self, code, other):
        return self.env._(
            "The store code %(code)s is already used by %(store)s (%(member)s).",
            code=code, store=other.name, member=other.company_id.name,
        )

    # ---------------------------------------------------------------- actions
    def action_marketplace_geolocalize(self):
        self.partner_id.with_context(force_geo_localize=True).geo_localize()
        return True

    # --------------------------------------------------------------- business
    @api.model
    def _marketplace_open_domain(self):
        """Stores that may take marketplace orders now: the one definition, for searches and,
        through ``_marketplace_open_stores_query``, for SQL."""
        return [
            ("marketplace_store", "=", True),
            ("active", "=", True),
            ("marketplace_paused", "=", False),
            ("company_id.marketplace_state", "=", "active"),
        ]

    @api.model
    def _marketplace_open_stores_query(self):
        """The open stores as a query to embed in SQL (``query.subselect()``), whoever asks."""
        return self.sudo().with_context(active_test=False)._search(self._marketplace_open_domain())

    @api.model
    def _marketplace_store_by_code(self, code):
        """The store with this code (compared as stored: ``utils.normalize_code``), whoever asks;
        callers check the user's right to act on it."""
        code = normalize_code(code)
        if not code:
            return self.browse()
        return self.sudo().search([("marketplace_store_code", "=", code), ("marketplace_store", "=", True)], limit=1)

    def _marketplace_create_pos(self):
        """Create the Point of Sale of this store, in its member's company."""
        self.ensure_one()
        company = self.company_id
        return self.env["pos.config"].sudo().with_company(company).create({
            "name": self.name,
            "company_id": company.id,
            "picking_type_id": self.pos_type_id.id,
        })

    @api.model
    def _cron_marketplace_end_holiday_pause(self, batch_size=500):
        """Reopen the stores whose holiday pause is over.

        Batched and idempotent: rows are locked with SKIP LOCKED so that two workers
        running this job at once share the work instead of doing it twice.
        """
        today = fields.Date.context_today(self)
        domain = [("marketplace_paused", "=", True), ("marketplace_pause_end", "<", today)]

        def reopen(stores):
            stores.write({"marketplace_paused": False, "marketplace_pause_end": False})
            _logger.info("Holiday pause over, reopened stores %s", stores.mapped("marketplace_store_code"))
        return self._marketplace_cron_batches(domain, reopen, batch_size, lock="UPDATE")
