/** @odoo-module */
// A click & collect line (its pickup code) stays apart: a pair scanned afterwards is another line.
import { PosOrderline } from "@point_of_sale/app/models/pos_order_line";
import { patch } from "@web/core/utils/patch";

patch(PosOrderline.prototype, {
    can_be_merged_with(orderline) {
        if (this.marketplace_pickup_code || orderline.marketplace_pickup_code) {
            return false;
        }
        return super.can_be_merged_with(...arguments);
    },
});
