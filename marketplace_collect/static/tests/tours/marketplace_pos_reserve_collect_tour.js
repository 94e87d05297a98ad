/** @odoo-module */
// Reserve & collect: the customer pays at the counter. The cashier scans the pickup code (R3SE-RVEZ,
// given by TestPosReserveCollectTour): the reserved pair goes on the ticket at its online price; the
// customer takes another pair in the shop (scanned, size 39); one payment for both. A second ticket
// scanning the same code is refused.
import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import { scan_barcode } from "@point_of_sale/../tests/tours/utils/common";
import { payCashAndValidate } from "@marketplace_catalog/../tests/tours/marketplace_pos_utils";
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("marketplace_pos_reserve_and_collect", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            Chrome.clickMenuOption("Click & collect"),
            {
                content: "The order is to pay in the shop",
                trigger: ".o_marketplace_collect_orders tr:contains('Camille Durand'):contains('To pay in the shop')",
            },
            // The customer shows the e-mail's QR code: scanned.
            scan_barcode("R3SERVEZ"),
            {
                content: "The reserved pair is on the ticket at its online price",
                trigger: ".order-container .orderline:has(.product-name:contains('Basket Jules cuir blanc')):has(.price:contains('89.90'))",
            },
            ProductScreen.totalAmountIs("89.90"),
            // Another ticket cannot take the same code: one code, one open ticket, one payment.
            Chrome.createFloatingOrder(),
            Chrome.clickMenuOption("Click & collect"),
            scan_barcode("R3SERVEZ"),
            {
                content: "The code is refused on the second ticket",
                trigger: ".o_marketplace_collect_error:contains('already on an open ticket')",
            },
            {
                content: "Back to the register",
                trigger: ".o_marketplace_collect_back",
                run: "click",
            },
            {
                content: "Back to the first ticket",
                trigger: ".pos-leftheader .list-container-items button:not(.active)",
                run: "click",
            },
            ProductScreen.totalAmountIs("89.90"),
            scan_barcode("2000000000022"),
            ProductScreen.totalAmountIs("179.80"),
            payCashAndValidate(),
            Chrome.endTour(),
        ].flat(),
});
