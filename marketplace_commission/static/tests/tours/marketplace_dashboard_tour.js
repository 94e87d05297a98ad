/** @odoo-module */
// An animator opens Marketplace › Reporting › Dashboard: its four figures are drawn
// (TestDashboardTour).
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("marketplace_dashboard", {
    steps: () => [
        {
            content: "The dashboard's four figures",
            trigger: ".o_dashboard:has(.o-dashboard-action:eq(3))",
        },
        {
            content: "Orders per day, drawn as a graph",
            trigger: ".o-dashboard-action:contains('Orders per Day') .o_graph_renderer canvas",
        },
        {
            content: "Sales and commission per month, drawn as a graph",
            trigger: ".o-dashboard-action:contains('Sales and Commission per Month') .o_graph_renderer canvas",
        },
    ],
});
