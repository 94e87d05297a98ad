from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression

# The most specific rule wins: a member's own rate, then a brand's, then a category's (the
# deeper the category, the more specific), then a rule for all.
SCOPE_RANK = {"member": 3, "brand": 2, "category": 1, "all": 0}


class MarketplaceCommissionRule(models.Model):
    _name = "marketplace.commission.rule"
    _description = "Marketplace Commission Rule"
    _order = "priority desc, id"

    # ------------------------------------------------------------------ fields
    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    scope = fields.Selection(
        selection=[("all", "All sales"), ("member", "A member"), ("category", "A product category"),
                   ("brand", "A brand")],
        default="all", required=True,
        help="The sales the rule applies to. When several valid rules apply to a line, the most specific "
             "wins (member, then brand, then category, the deepest first, then all); among equally specific "
             "rules, the highest priority.")
    member_id = fields.Many2one(
        "res.company", index=True, ondelete="cascade",
        domain=[("marketplace_role", "=", "member")])
    categ_id = fields.Many2one("product.category", string="Product Category", ondelete="cascade")
    brand_id = fields.Many2one("marketplace.brand", ondelete="cascade")
    rate = fields.Float(string="Rate (%)", digits=(5, 2), required=True,
                        help="Share of what the customer paid for the line, VAT included, shipping excluded.")
    fixed_fee = fields.Monetary(
        string="Fixed Fee per Order", currency_field="currency_id",
        help="Added once per member order (the highest fee among the rules of its lines).")
    currency_id = fields.Many2one(
        "res.currency", default=lambda self: self.env["res.company"]._marketplace_hub().currency_id, required=True)
    date_from = fields.Date(string="Valid From")
    date_to = fields.Date(string="Valid Until")
    priority = fields.Integer(default=10, help="Among equally specific valid rules, the highest priority wins.")

    # ------------------------------------------------------------- constraints
    @api.constrains("rate", "fixed_fee", "date_from", "date_to", "scope", "member_id", "categ_id", "brand_id")
    def _check_rule(self):
        for rule in self:
            if not 0 <= rule.rate <= 100:
                raise ValidationError(self.env._("A commission rate is between 0 and 100 %."))
            if rule.fixed_fee < 0:
                raise ValidationError(self.env._("A fixed fee cannot be negative."))
            if rule.date_from and rule.date_to and rule.date_to < rule.date_from:
                raise ValidationError(self.env._(
                    "The rule %(rule)s ends before it starts.", rule=rule.name))
            fname = {"member": "member_id", "category": "categ_id", "brand": "brand_id"}.get(rule.scope)
            if fname and not rule[fname]:
                raise ValidationError(self.env._(
                    "Choose the %(target)s of the rule %(rule)s.",
                    target=self._fields[fname]._description_string(self.env).lower(), rule=rule.name))

    # --------------------------------------------------------------- business
    @api.model
    def _marketplace_valid_rules(self, day):
        """The active rules valid on ``day``, read once for a batch of lines."""
        return self.sudo().search(expression.AND([
            ["|", ("date_from", "=", False), ("date_from", "<=", day)],
            ["|", ("date_to", "=", False), ("date_to", ">=", day)],
        ]))

    def _marketplace_applies_to(self, member, product):
        self.ensure_one()
        if self.scope == "member":
            return self.member_id == member
        if self.scope == "brand":
            return self.brand_id == product.marketplace_brand_id
        if self.scope == "category":
            return bool(product.categ_id) and product.categ_id.parent_path.startswith(self.categ_id.parent_path)
        return True

    def _marketplace_specificity(self):
        self.ensure_one()
        depth = self.categ_id.parent_path.count("/") if self.scope == "category" else 0
        return (SCOPE_RANK[self.scope], depth, self.priority, -self.id)

    def _marketplace_best_for(self, member, product):
        """Among these valid rules, the one for ``product`` sold by ``member`` (empty: the hub's
        default rate applies)."""
        matching = self.filtered(lambda rule: rule._marketplace_applies_to(member, product))
        return max(matching, key=lambda rule: rule._marketplace_specificity()) if matching else self.browse()
