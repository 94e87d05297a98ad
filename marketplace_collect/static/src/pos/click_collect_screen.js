/** @odoo-module */
// The shop's Click & collect screen: the shop's click & collect orders to hand over, found by
// their pickup code (typed or scanned) and handed over — the order collected, the payment captured,
// the reserved pairs leaving the shop once (marketplace.order.marketplace_hand_over).
import { Component, onMounted, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { usePos } from "@point_of_sale/app/store/pos_hook";
import { useBarcodeReader } from "@point_of_sale/app/barcode/barcode_reader_hook";

export class ClickCollectScreen extends Component {
    static template = "marketplace_collect.ClickCollectScreen";
    static storeOnOrder = false;
    static props = {};

    setup() {
        this.pos = usePos();
        this.state = useState({ code: "", orders: [], error: "", done: "", busy: false });
        useBarcodeReader({ error: (parsed) => this.handOver(parsed.code) });
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
            this.state.done = await this.pos.data.call("marketplace.order", "marketplace_pos_hand_over", [
                this.pos.config.id,
                code ?? this.state.code,
            ]);
            this.state.code = "";
        } catch (error) {
            this.state.error = error.data?.message || error.message || String(error);
        } finally {
            this.state.busy = false;
        }
        await this.load();
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
