from markupsafe import Markup

from odoo import api, fields, models
from odoo.addons.marketplace_base.utils import haversine_km

from ..utils import servable

# Candidate stores listed in the wizard (the best ones).
CANDIDATE_ROWS = 20


class MarketplaceOrderReassign(models.TransientModel):
    _name = "marketplace.order.reassign"
    _inherit = "marketplace.order.wizard"
    _description = "Reassign a Member Order to Another Store"

    line_ids = fields.Many2many(
        "marketplace.order.line", string="Lines to Move", required=True,
        domain="[('order_id', '=', order_id), ('cancelled', '=', False), ('released', '=', False)]")
    candidate_store_ids = fields.Many2many("stock.warehouse", compute="_compute_candidates")
    candidates_html = fields.Html(string="Candidate Stores", compute="_compute_candidates", sanitize=False)
    store_id = fields.Many2one(
        "stock.warehouse", string="New Store", required=True, domain="[('id', 'in', candidate_store_ids)]")

    # ----------------------------------------------------------------- compute
    @api.depends("order_id", "line_ids")
    def _compute_candidates(self):
        for wizard in self:
            rows = wizard._candidate_rows()
            wizard.candidate_store_ids = [(6, 0, [row["store"].id for row in rows])]
            wizard.candidates_html = wizard._candidates_table(rows)

    # ----------------------------------------------------------------- actions
    def action_confirm(self):
        order = self.order_id._marketplace_check_animator()
        new_order = order._marketplace_reassign(self.store_id.sudo(), self.line_ids.sudo())
        if not new_order:
            return {"type": "ir.actions.act_window_close"}
        return {
            "type": "ir.actions.act_window",
            "res_model": "marketplace.order",
            "view_mode": "form",
            "res_id": new_order.id,
        }

    # ---------------------------------------------------------------- business
    def _candidate_rows(self):
        """Stores that have some of the lines' items now (the order's store left out), with what
        they can serve, their distance and their member's record, best first."""
        self.ensure_one()
        order = self.order_id.sudo()
        needs = {}
        for line in self.line_ids.sudo():
            needs[line.product_id.id] = needs.get(line.product_id.id, 0) + line.quantity
        if not order or not needs:
            return []
        sale_order = order.sale_order_id
        candidates = sale_order._marketplace_candidates(list(needs), order.fulfilment)
        candidates.pop(order.store_id.id, None)
        origin = sale_order._marketplace_delivery_coordinates()
        stores = self.env["stock.warehouse"].sudo().browse(list(candidates))
        stores = stores.filtered(lambda store: not order._marketplace_reassign_problem(store))
        rows = []
        for store in stores:
            stock, coords, _rate = candidates[store.id]
            rows.append({
                "store": store,
                "can": sum(servable(needs, stock).values()),
                "distance": haversine_km(*origin, *coords) if origin and coords else None,
            })
        rows.sort(key=lambda row: (-row["can"], row["distance"] is None, row["distance"] or 0.0, row["store"].id))
        return rows[:CANDIDATE_ROWS]

    def _candidates_table(self, rows):
        needed = int(sum(self.line_ids.sudo().mapped("quantity")))
        if not rows:
            return Markup("<p>%s</p>") % self.env._("No other open store has these items now.")
        row_html = Markup(
            "<tr><td>%s</td><td>%s</td><td>%s / %s</td><td>%s</td><td>%s %%</td><td>%s h</td><td>%s</td></tr>")
        body = Markup("").join(
            row_html % (
                row["store"].name, row["store"].company_id.name, int(row["can"]), needed,
                f"{row['distance']:.1f} km" if row["distance"] is not None else "—",
                row["store"].company_id.marketplace_acceptance_rate,
                row["store"].company_id.marketplace_avg_accept_hours,
                row["store"].company_id.marketplace_late_count)
            for row in rows)
        head = Markup("").join(Markup("<th>%s</th>") % label for label in (
            self.env._("Store"), self.env._("Member"), self.env._("Can serve"), self.env._("Distance"),
            self.env._("Accepted"), self.env._("Time to accept"), self.env._("Late (30 days)")))
        return Markup("<table class='table table-sm o_marketplace_candidates'><thead><tr>%s</tr></thead>"
                      "<tbody>%s</tbody></table>") % (head, body)
