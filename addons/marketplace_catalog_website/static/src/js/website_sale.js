/** @odoo-module */
// The size selector of a catalogue shoe greys out the sizes no open store of the network publishes
// (marketplace_unavailable, sent with the attribute exclusions by product.template).
import { WebsiteSale } from "@website_sale/js/website_sale";

WebsiteSale.include({
    _checkExclusions($parent, combination, parentExclusions) {
        this._super(...arguments);
        const data = $parent.find("ul[data-attribute_exclusions]").data("attribute_exclusions");
        for (const ptav of (data && data.marketplace_unavailable) || []) {
            this._disableInput($parent, ptav);
        }
    },
});
