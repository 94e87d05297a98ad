/** @odoo-module */
// A member logs in: Odoo opens on its marketplace orders; it goes to its settlements and downloads
// last month's statement (TestMemberStatementTour checks the download it asked for).
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("marketplace_member_statement", {
    steps: () => [
        {
            content: "The member lands on its marketplace orders",
            trigger: ".o_breadcrumb:contains('Marketplace orders')",
        },
        {
            content: "Open its settlements",
            trigger: ".o_main_navbar .o_menu_sections a:contains('Settlements')",
            run: "click",
        },
        {
            content: "Open last month's settlement",
            trigger: ".o_data_row:first .o_data_cell",
            run: "click",
        },
        {
            content: "Download its statement",
            trigger: "button[name='action_download_statement']",
            run: "click",
        },
        {
            content: "Still on the settlement",
            trigger: ".o_form_view .o_breadcrumb:contains('Settlements')",
        },
    ],
});
