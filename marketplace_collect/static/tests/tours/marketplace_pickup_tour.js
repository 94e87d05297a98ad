/** @odoo-module */
// A customer chooses a size, opens the shops where to pick it up (nearest first): the nearest has
// not got it and cannot be chosen; the next one has, and is chosen. Then the checkout, paid with the
// demo provider (authorised). TestPickupTour checks the member order at that shop.
import { registry } from "@web/core/registry";
import * as tourUtils from "@website_sale/js/tours/tour_utils";
import { payAuthorisedWithDemo } from "@marketplace_catalog_website/../tests/tours/marketplace_shop_utils";

registry.category("web_tour.tours").add("marketplace_pickup_in_store", {
    steps: () => [
        {
            content: "Choose size 38",
            trigger: "#product_details li.o_variant_pills:has(input[data-value_name='38']) label",
            run: "click",
        },
        {
            content: "See the shops where to pick it up",
            trigger: ".o_click_and_collect_availability",
            run: "click",
        },
        {
            content: "The nearest shop has not got the size",
            trigger: ".o_location_selector button.list-group-item:first:contains('Semelles Du Vieux-Port Villeurbanne')",
        },
        {
            content: "It cannot be chosen",
            trigger: ".o_location_selector #submit_location_large:disabled",
        },
        {
            content: "Select the Lyon shop",
            trigger: ".o_location_selector button.list-group-item:contains('Chaussures Testeau')",
            run: "click",
        },
        {
            content: "Choose it",
            trigger: ".o_location_selector #submit_location_large:not(:disabled)",
            run: "click",
        },
        {
            content: "Add the pair to the cart",
            trigger: "#add_to_cart",
            run: "click",
        },
        tourUtils.goToCart(),
        tourUtils.goToCheckout(),
        {
            content: "Pick up in store is selected",
            trigger: "input[name='o_delivery_radio'][data-delivery-type='in_store']:checked",
        },
        {
            content: "At the Lyon shop",
            trigger: "[name='o_pickup_location_name']:contains('Chaussures Testeau')",
        },
        tourUtils.confirmOrder(),
        ...payAuthorisedWithDemo(),
    ],
});
