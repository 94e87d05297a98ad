import { Component, onWillUnmount, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { standardFieldProps } from "@web/views/fields/standard_field_props";

const { DateTime } = luxon;
// Orange from this many minutes before the deadline (the control room's "due within 2 hours").
const DUE_SOON_MINUTES = 120;

/** Time left before a deadline, green / orange / red, refreshed every minute. */
export class MarketplaceCountdownField extends Component {
    static template = "marketplace_orders.CountdownField";
    static props = { ...standardFieldProps };

    setup() {
        this.state = useState({ now: DateTime.now() });
        const timer = setInterval(() => (this.state.now = DateTime.now()), 60000);
        onWillUnmount(() => clearInterval(timer));
    }

    get minutes() {
        const deadline = this.props.record.data[this.props.name];
        return deadline ? Math.round(deadline.diff(this.state.now, "minutes").minutes) : null;
    }

    get colour() {
        const minutes = this.minutes;
        if (minutes < 0) {
            return "text-bg-danger";
        }
        return minutes <= DUE_SOON_MINUTES ? "text-bg-warning" : "text-bg-success";
    }

    get label() {
        const minutes = Math.abs(this.minutes);
        const days = Math.floor(minutes / 1440);
        const hours = Math.floor((minutes % 1440) / 60);
        const span = days
            ? _t("%(days)s d %(hours)s h", { days, hours })
            : _t("%(hours)s h %(minutes)s min", { hours, minutes: minutes % 60 });
        return this.minutes < 0 ? _t("%(span)s late", { span }) : _t("%(span)s left", { span });
    }
}

registry.category("fields").add("marketplace_countdown", {
    component: MarketplaceCountdownField,
    supportedTypes: ["datetime"],
});
