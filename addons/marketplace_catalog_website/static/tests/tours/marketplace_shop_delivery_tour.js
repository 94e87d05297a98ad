/** @odoo-module */
// A customer buys a size of a catalogue shoe with home delivery and pays with the demo provider,
// which only authorises the amount (TestWebsiteDeliveryCheckout checks the routed order).
import { registry } from "@web/core/registry";
import * as tourUtils from "@website_sale/js/tours/tour_utils";
import {
    addSizeToCart,
    payAuthorisedWithDemo,
} from "@marketplace_catalog_website/../tests/tours/marketplace_shop_utils";

registry.category("web_tour.tours").add("marketplace_shop_delivery", {
    steps: () => [
        ...addSizeToCart("38"),
        tourUtils.goToCheckout(),
        {
            content: "Choose home delivery",
            trigger: "li[name='o_delivery_method']:contains('Colissimo à domicile') input",
            run: "click",
        },
        {
            content: "Home delivery is chosen",
            trigger: "li[name='o_delivery_method']:contains('Colissimo à domicile') input[name='o_delivery_radio']:checked",
        },
        tourUtils.confirmOrder(),
        ...payAuthorisedWithDemo(),
    ],
});
