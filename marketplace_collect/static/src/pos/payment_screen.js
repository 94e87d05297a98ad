/** @odoo-module */
// Reserve & collect: before the payment is taken, the server confirms that each pickup code on the
// ticket is still to hand over and held by this ticket (marketplace.order.marketplace_pos_check_ticket):
// one code, one open ticket, one payment. Offline, the ticket goes through and its sync reaches the
// hub's animators if the code was paid elsewhere meanwhile.
import { PaymentScreen } from "@point_of_sale/app/screens/payment_screen/payment_screen";
import { AlertDialog } from "@web/core/confirmation_dialog/confirmation_dialog";
import { ConnectionLostError } from "@web/core/network/rpc";
import { _t } from "@web/core/l10n/translation";
import { patch } from "@web/core/utils/patch";

patch(PaymentScreen.prototype, {
    async _isOrderValid(isForceValidate) {
        if (!(await super._isOrderValid(...arguments))) {
            return false;
        }
        const codes = [
            ...new Set(
                this.currentOrder.lines.map((line) => line.marketplace_pickup_code).filter(Boolean)
            ),
        ];
        if (!codes.length) {
            return true;
        }
        try {
            await this.pos.data.call("marketplace.order", "marketplace_pos_check_ticket", [
                this.pos.config.id,
                this.currentOrder.uuid,
                codes,
            ]);
        } catch (error) {
            if (error instanceof ConnectionLostError) {
                return true;
            }
            this.dialog.add(AlertDialog, {
                title: _t("Pickup code refused"),
                body: error.data?.message || error.message || String(error),
            });
            return false;
        }
        return true;
    },
});
