from odoo import api, fields, models
from odoo.exceptions import ValidationError


class MarketplaceRoutingRule(models.Model):
    _name = "marketplace.routing.rule"
    _description = "Marketplace Routing Rule"
    _order = "sequence, id"

    # ------------------------------------------------------------------ fields
    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    fulfilment = fields.Selection(
        selection=[("ship", "Home delivery"), ("collect", "Click & collect"), ("any", "Any")],
        default="any",
        required=True,
        help="Orders this rule routes.",
    )
    max_distance_km = fields.Float(
        string="Maximum Distance (km)",
        help="Stores further than this from the delivery address are not candidates (0: no limit). "
             "An address without coordinates is routed without this limit.",
    )
    daily_capacity = fields.Integer(
        help="Member orders a store may receive per day under this rule (0: no limit).",
    )
    whole_order_first = fields.Boolean(
        default=True,
        help="A store that can serve the whole order wins over nearer stores that can serve part of it.",
    )

    # ------------------------------------------------------------- constraints
    @api.constrains("max_distance_km", "daily_capacity")
    def _check_limits(self):
        for rule in self:
            if rule.max_distance_km < 0 or rule.daily_capacity < 0:
                raise ValidationError(self.env._("Distances and capacities cannot be negative."))

    # --------------------------------------------------------------- business
    @api.model
    def _marketplace_rules_for(self, fulfilment):
        return self.sudo().search([("fulfilment", "in", (fulfilment, "any"))])
