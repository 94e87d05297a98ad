/** @odoo-module */
// Steps the shop's tours share.
import * as tourUtils from "@website_sale/js/tours/tour_utils";

/** Pay with the demo provider, which only authorises the amount (capture by hand). */
export function payAuthorisedWithDemo() {
    return [
        {
            content: "Pay with the demo provider",
            trigger: "input[name='o_payment_radio'][data-payment-method-code='demo']",
            run: "click",
        },
        {
            content: "Card number",
            trigger: "input[name='customer_input']",
            run: "edit 4242424242424242",
        },
        tourUtils.pay(),
        {
            content: "The amount is authorised",
            trigger: ".oe_website_sale_tx_status:contains('Your payment has been authorized.')",
        },
    ];
}

/** On a product page: choose a size and put it in the cart, then open the cart. */
export function addSizeToCart(size) {
    return [
        {
            content: `Choose size ${size}`,
            trigger: `#product_details li.o_variant_pills:has(input[data-value_name='${size}']) label`,
            run: "click",
        },
        {
            content: "Add it to the cart",
            trigger: "#add_to_cart",
            run: "click",
        },
        tourUtils.goToCart(),
    ];
}
