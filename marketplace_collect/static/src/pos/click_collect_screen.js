/** @odoo-module */
// The shop's Click & collect screen: the shop's click & collect orders to hand over, found by
// their pickup code (typed or scanned) and handed over — the order collected, the payment captured,
// the reserved pairs leaving the shop once (marketplace.order.marketplace_hand_over).
import { Component, onMounted, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { usePos } from "@point_of_sale/app/store/pos_hook";
import { useBarcodeReader } from "@point_of_sale/app/barcode/barcode_reader_hook";
import { _t } from "@web/core/l10n/translation";

export class ClickCollectScreen extends Component {
    static template = "marketplace_collect.ClickCollectScreen";
    static storeOnOrder = false;
    static props = {};

    setup() {
        this.pos = usePos();
        this.state = useState({ code: "", orders: [], error: "", done: "", busy: false });
        // A pickup code (the e-mail's QR code) matches no nomenclature rule but the catch-all one.
        useBarcodeReader({
            product: (parsed) => this.handOver(parsed.code),
            error: (parsed) => this.handOver(parsed.code),
        });
        onMounted(() => this.load());
    }

    async load() {
        this.state.orders = await this.pos.data.call("marketplace.order", "marketplace_pos_collect_orders", [
            this.pos.config.id,
        ]);
    }

    async handOver(code) {
        if (this.state.busy) {
            return;
        }
        this.state.busy = true;
        this.state.error = "";
        this.state.done = "";
        try {
            const result = await this.pos.data.call("marketplace.order", "marketplace_pos_hand_over", [
                this.pos.config.id,
                code ?? this.state.code,
                this.pos.get_order()?.uuid || "",
            ]);
            this.state.done = result.message;
            this.state.code = "";
            if (result.lines) {
                await this.addToTicket(result);
                return;
            }
        } catch (error) {
            this.state.error = error.data?.message || error.message || String(error);
        } finally {
            this.state.busy = false;
        }
        await this.load();
    }

    /**
     * Reserve & collect: the order's pairs go on the current ticket at the price the customer was
     * given online, marked with the pickup code (handed over when the ticket is paid; no second
     * picking for them).
     */
    async addToTicket(result) {
        const ticket = this.pos.get_order();
        if (ticket?.lines.some((line) => line.marketplace_pickup_code === result.pickup_code)) {
            this.state.done = "";
            this.state.error = _t("This order is already on the ticket.");
            return;
        }
        const productIds = result.lines.map((line) => line.product_id);
        const missing = productIds.filter((id) => !this.pos.models["product.product"].get(id));
        if (missing.length) {
            await this.pos.data.read("product.product", missing);
        }
        for (const line of result.lines) {
            await this.pos.addLineToCurrentOrder(
                {
                    product_id: line.product_id,
                    qty: line.qty,
                    price_unit: line.price_unit,
                    price_type: "automatic",
                    marketplace_pickup_code: result.pickup_code,
                },
                {},
                false
            );
        }
        this.pos.showScreen("ProductScreen");
    }

    onKeydown(ev) {
        if (ev.key === "Enter") {
            this.handOver();
        }
    }

    back() {
        this.pos.closeScreen();
    }
}

registry.category("pos_screens").add("ClickCollectScreen", ClickCollectScreen);
