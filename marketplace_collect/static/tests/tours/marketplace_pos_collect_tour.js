/** @odoo-module */
// The shop's cashier opens the Click & collect screen, tries a wrong code, then types the customer's
// pickup code (K7M4-P2QX, given by TestPosCollectTour) and hands the order over; the test checks the
// capture and the stock.
import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("marketplace_pos_hand_over", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            Chrome.clickMenuOption("Click & collect"),
            {
                content: "The order to hand over is listed",
                trigger: ".o_marketplace_collect_orders td:contains('Camille Durand')",
            },
            {
                content: "Type a wrong code",
                trigger: "input.o_marketplace_pickup_code",
                run: "edit ZZZZ2222",
            },
            {
                content: "Hand over",
                trigger: "button.o_marketplace_hand_over:not(:disabled)",
                run: "click",
            },
            {
                content: "The code is refused",
                trigger: ".o_marketplace_collect_error:contains('ZZZZ2222')",
            },
            {
                content: "Type the customer's code",
                trigger: "input.o_marketplace_pickup_code",
                run: "edit k7m4-p2qx",
            },
            {
                content: "Hand over",
                trigger: "button.o_marketplace_hand_over:not(:disabled)",
                run: "click",
            },
            {
                content: "Handed over",
                trigger: ".o_marketplace_collect_done:contains('Camille Durand')",
            },
            {
                content: "Nothing left to hand over",
                trigger: ".o_marketplace_collect_orders:not(:contains('Camille Durand'))",
            },
            {
                content: "Back to the register",
                trigger: ".o_marketplace_collect_back",
                run: "click",
            },
            {
                content: "The register is back",
                trigger: ".product-screen",
            },
        ].flat(),
});
