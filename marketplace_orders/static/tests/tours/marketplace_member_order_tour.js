/** @odoo-module */
// A shop owner opens the Marketplace orders screen, opens the order the hub gave the shop, accepts
// it and ships it with the parcel's tracking reference (TestMemberOrderTour checks the result).
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("marketplace_member_accept_and_ship", {
    steps: () => [
        {
            content: "Open the order given to the shop",
            trigger: ".o_kanban_record:contains('CM/')",
            run: "click",
        },
        {
            content: "Accept it",
            trigger: ".o_form_view button[name='action_accept']",
            run: "click",
        },
        {
            content: "Ship it",
            trigger: ".o_form_view button[name='action_ship']",
            run: "click",
        },
        {
            content: "Give the parcel's tracking reference",
            trigger: ".modal div[name='tracking_ref'] input",
            run: "edit 6A11112222333",
        },
        {
            content: "Confirm the shipment",
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The order is shipped",
            trigger: ".o_form_view .o_statusbar_status button[data-value='shipped'].o_arrow_button_current",
        },
    ],
});
