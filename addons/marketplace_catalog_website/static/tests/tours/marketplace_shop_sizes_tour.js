/** @odoo-module */
// A customer opens a catalogue shoe on the hub's shop: the size nobody has is greyed out and out of
// stock, a size a shop near them has says so and goes into the cart (TestShopSizesTour).
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("marketplace_shop_sizes", {
    steps: () => [
        {
            content: "Size 39, which no shop has, is greyed out",
            trigger: "#product_details li.o_variant_pills.css_not_available:has(input[data-value_name='39'])",
        },
        {
            content: "Size 38 is not",
            trigger: "#product_details li.o_variant_pills:not(.css_not_available):has(input[data-value_name='38'])",
        },
        {
            content: "Choose size 39",
            trigger: "#product_details li.o_variant_pills:has(input[data-value_name='39']) label",
            run: "click",
        },
        {
            content: "It is out of stock: it cannot be added to the cart",
            trigger: "#o_wsale_cta_wrapper.out_of_stock:not(:visible)",
        },
        {
            content: "Choose size 38",
            trigger: "#product_details li.o_variant_pills:has(input[data-value_name='38']) label",
            run: "click",
        },
        {
            content: "A shop near the customer has it",
            trigger: "#marketplace_stores_near:contains('1')",
        },
        {
            content: "Add it to the cart",
            trigger: "#add_to_cart",
            run: "click",
        },
        {
            content: "The cart holds one pair",
            trigger: ".my_cart_quantity:contains('1')",
        },
    ],
});
