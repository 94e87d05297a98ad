/** @odoo-module */
// An animator opens the control room, keeps the late orders only, opens the late one and moves it
// to another store (TestControlRoomTour checks the result).
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("marketplace_control_room_reassign", {
    steps: () => [
        {
            content: "Both open orders are on the board, with their countdown",
            trigger: ".o_marketplace_control_room .o_kanban_record:contains('Paris') .o_marketplace_countdown",
        },
        {
            content: "Open the filters",
            trigger: ".o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            content: "Keep the late orders",
            trigger: ".o_filter_menu .dropdown-item:contains('Late')",
            run: "click",
        },
        {
            content: "The order on time is gone",
            trigger: ".o_marketplace_control_room:not(:has(.o_kanban_record:contains('Paris')))",
        },
        {
            content: "Open the late order",
            trigger: ".o_kanban_record:contains('Villeurbanne')",
            run: "click",
        },
        {
            content: "Reassign it",
            trigger: ".o_form_view button[name='action_marketplace_reassign']",
            run: "click",
        },
        {
            content: "The candidate stores are listed",
            trigger: ".modal .o_marketplace_candidates:contains('Villeurbanne')",
        },
        {
            content: "Choose the Villeurbanne store",
            trigger: ".modal div[name='store_id'] input",
            run: "edit Villeurbanne",
        },
        {
            content: "Pick it in the list",
            trigger: ".o-autocomplete--dropdown-item a:contains('Villeurbanne')",
            run: "click",
        },
        {
            content: "Move the order",
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The new member order is with the Villeurbanne store",
            trigger: ".o_form_view:not(:has(.modal)) .o_field_widget[name='store_id']:contains('Villeurbanne')",
        },
    ],
});
