/** @odoo-module */
// A visitor finds a shoe on the hub's shop the way a shoe buyer does: from the home page to the
// shop, a department of the nomenclature, a size and a brand, the product page, the cart
// (TestShopVisitorTour).
import { registry } from "@web/core/registry";
import { addSizeToCart } from "@marketplace_catalog_website/../tests/tours/marketplace_shop_utils";

registry.category("web_tour.tours").add("marketplace_shop_visitor", {
    steps: () => [
        {
            content: "From the home page, go to the shop",
            trigger: "header a[href='/shop']",
            run: "click",
        },
        {
            content: "Open the Homme department of the nomenclature",
            trigger: ".o_wsale_filmstip a:contains('Homme')",
            run: "click",
        },
        {
            content: "The department's page shows the shoe",
            trigger: ".oe_product_cart:contains('Basket Jules cuir blanc')",
        },
        {
            content: "Filter by size 38",
            trigger: "form.js_attributes label:contains('38')",
            run: "click",
        },
        {
            content: "Size 38 is the filter: both brands' shoes",
            trigger: "form.js_attributes input:checked + label:contains('38')",
        },
        {
            content: "Mephisto's derby is there too",
            trigger: ".oe_product_cart:contains('Derby Oscar')",
        },
        {
            content: "Filter by brand too",
            trigger: "form.js_attributes label:contains('Pataugas')",
            run: "click",
        },
        {
            content: "Size 38 and Pataugas: the shoe is there, not the other brand's",
            trigger: "form.js_attributes input:checked + label:contains('Pataugas')",
        },
        {
            content: "Mephisto's derby is filtered out",
            trigger: "#products_grid:not(:has(.oe_product_cart:contains('Derby Oscar')))",
        },
        {
            content: "Open the product page",
            trigger: ".oe_product_cart a:contains('Basket Jules cuir blanc')",
            run: "click",
        },
        {
            content: "Its picture",
            trigger: ".o_wsale_product_images img.product_detail_img[src*='/web/image/product.']",
        },
        {
            content: "Its description",
            trigger: "#product_detail_main:contains('Basket en cuir pleine fleur')",
        },
        {
            content: "Its price, VAT included",
            trigger: "#product_details .product_price:contains('89.90')",
        },
        ...addSizeToCart("38"),
        {
            content: "The cart holds the shoe",
            trigger: "#cart_products:contains('Basket Jules cuir blanc')",
        },
    ],
});
