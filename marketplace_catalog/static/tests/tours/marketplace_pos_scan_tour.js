/** @odoo-module */
// A cashier scans a catalogue size that the register did not load at start (a register loads at most
// a set number of the catalogue's variants) and takes the payment: the price is the catalogue's, VAT
// included (TestPosTour checks the posted order's tax).
import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import { scan_barcode } from "@point_of_sale/../tests/tours/utils/common";
import { payCashAndValidate } from "@marketplace_catalog/../tests/tours/marketplace_pos_utils";
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("marketplace_pos_scan_catalogue_size", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            scan_barcode("2000000000022"),
            ProductScreen.selectedOrderlineHas("Basket Jules cuir blanc", "1", "89.90"),
            ProductScreen.totalAmountIs("89.90"),
            payCashAndValidate(),
            Chrome.endTour(),
        ].flat(),
});
