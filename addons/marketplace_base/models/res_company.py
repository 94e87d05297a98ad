import json

import pytz

from odoo import api, fields, models
from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, file_open

from ..utils import normalize_code

HUB_TZ = "Europe/Paris"  # the network is French

MARKETPLACE_SETTING_FIELDS = (
    "marketplace_accept_delay",
    "marketplace_prepare_delay",
    "marketplace_post_delay",
    "marketplace_collect_delay",
    "marketplace_withdrawal_days",
    "marketplace_feed_qty_ceiling",
    "marketplace_feed_async_threshold",
    "marketplace_safety_stock",
)


class ResCompany(models.Model):
    _name = "res.company"
    _inherit = ["res.company", "marketplace.unique.code.mixin"]
    _marketplace_code_field = "marketplace_member_code"

    # ------------------------------------------------------------------ fields
    marketplace_role = fields.Selection(
        selection=[("hub", "Hub"), ("member", "Member")],
        index=True,
        copy=False,
        help="The hub runs the marketplace (one per database); members are the independent "
        "retailers who sell through it.",
    )
    marketplace_member_code = fields.Char(
        string="Member Code",
        index=True,
        copy=False,
        help="Unique code of the member in the network (adhérent number).",
    )
    marketplace_state = fields.Selection(
        selection=[
            ("draft", "Draft"),
            ("active", "Active"),
            ("suspended", "Suspended"),
            ("closed", "Closed"),
        ],
        string="Member Status",
        default="draft",
        copy=False,
        index=True,
    )
    marketplace_store_ids = fields.One2many(
        comodel_name="stock.warehouse",
        inverse_name="company_id",
        string="Stores",
        domain=[("marketplace_store", "=", True)],
    )
    marketplace_store_count = fields.Integer(
        string="Store Count", compute="_compute_marketplace_store_count"
    )

    # Settings of the marketplace, edited on the hub in Settings > Marketplace.
    marketplace_accept_delay = fields.Integer(
        string="Acceptance Delay (hours)",
        default=24,
        help="Time a member has to accept an assigned order.",
    )
    marketplace_prepare_delay = fields.Integer(
        string="Preparation Delay (hours)",
        default=24,
        help="Time a member has to prepare an accepted order.",
    )
    marketplace_post_delay = fields.Integer(
        string="Posting Delay (hours)",
        default=48,
        help="Time a member has to hand an accepted order to the carrier.",
    )
    marketplace_collect_delay = fields.Integer(
        string="Collection Delay (days)",
        default=7,
        help="Time a customer has to collect a click & collect order once it is ready.",
    )
    marketplace_withdrawal_days = fields.Integer(
        string="Withdrawal Period (days)",
        default=14,
        help="Days after delivery or handover during which the customer may return the items; "
        "a sale is settled with its member only after it.",
    )
    marketplace_feed_qty_ceiling = fields.Integer(
        string="Stock Feed Quantity Ceiling",
        default=500,
        help="A stock feed line above this quantity is rejected as absurd.",
    )
    marketplace_feed_async_threshold = fields.Integer(
        string="Background Work Threshold",
        default=2000,
        help="A stock feed or a supplier catalogue of more lines than this is applied by background "
        "jobs: the sender gets it at once, queued, and reads its report when the jobs are done.",
    )
    marketplace_safety_stock = fields.Integer(
        string="Default Safety Stock",
        default=0,
        help="Units a store keeps off the marketplace, unless the store sets its own.",
    )

    # ----------------------------------------------------------------- compute
    @api.depends("marketplace_store_ids")
    def _compute_marketplace_store_count(self):
        counts = dict(
            self.env["stock.warehouse"]
            .sudo()
            ._read_group(
                [("company_id", "in", self.ids), ("marketplace_store", "=", True)],
                ["company_id"],
                ["__count"],
            )
        )
        for company in self:
            company.marketplace_store_count = counts.get(company._origin, 0)

    # ------------------------------------------------------------- constraints
    _sql_constraints = [
        (
            "marketplace_member_code_uniq",
            "unique(marketplace_member_code)",
            "The member code must be unique.",
        ),
    ]

    @api.constrains("marketplace_member_code", "marketplace_role")
    def _check_marketplace_member_code(self):
        for company in self:
            if company.marketplace_role == "member" and not company.marketplace_member_code:
                raise ValidationError(
                    self.env._("The member %(member)s needs a member code.", member=company.name)
                )

    @api.constrains("marketplace_role")
    def _check_marketplace_single_hub(self):
        if self.filtered(lambda c: c.marketplace_role == "hub") and (
            self.sudo().search_count([("marketplace_role", "=", "hub")]) > 1
        ):
            raise ValidationError(self.env._("There can be only one marketplace hub."))

    @api.constrains(*MARKETPLACE_SETTING_FIELDS)
    def _check_marketplace_settings(self):
        for company in self:
            if any(company[name] < 0 for name in MARKETPLACE_SETTING_FIELDS):
                raise ValidationError(self.env._("Marketplace delays and quantities cannot be negative."))
            if company.marketplace_role == "hub" and company.marketplace_feed_qty_ceiling < 1:
                raise ValidationError(self.env._("The stock feed quantity ceiling must be at least 1."))

    # ------------------------------------------------------------------- CRUD
    def _marketplace_code_error(self, code, other):
        return self.env._("The member code %(code)s is already used by %(member)s.", code=code, member=other.name)

    @api.model
    def _marketplace_setting_fields(self):
        """Hub settings only marketplace administrators may change; modules add theirs."""
        return MARKETPLACE_SETTING_FIELDS

    def write(self, vals):
        if any(name in vals for name in self._marketplace_setting_fields()):
            self.env["res.company"]._marketplace_check_admin()
        return super().write(vals)

    # ---------------------------------------------------------------- actions
    def action_marketplace_activate(self):
        self._marketplace_check_admin()
        self.write({"marketplace_state": "active"})
        return True

    def action_marketplace_suspend(self):
        self._marketplace_check_admin()
        self.write({"marketplace_state": "suspended"})
        return True

    def action_marketplace_close(self):
        self._marketplace_check_admin()
        self.write({"marketplace_state": "closed"})
        return True

    def action_marketplace_view_stores(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "marketplace_base.action_marketplace_store"
        )
        action["domain"] = [("company_id", "=", self.id), ("marketplace_store", "=", True)]
        action["context"] = {"default_company_id": self.id, "default_marketplace_store": True}
        return action

    # --------------------------------------------------------------- business
    @api.model
    def _marketplace_hub(self):
        """Return the hub company (sudo), or an empty recordset."""
        return self.sudo().search([("marketplace_role", "=", "hub")], limit=1)

    @api.model
    def _marketplace_hub_date(self, moment):
        """The hub's calendar day of ``moment`` (a naive UTC datetime, as Odoo stores them): the
        day in the hub's time zone (its address's, Europe/Paris by default). Validity dates and
        months of the marketplace are the hub's days, not UTC's."""
        tz = pytz.timezone(self._marketplace_hub().partner_id.tz or HUB_TZ)
        return pytz.utc.localize(fields.Datetime.to_datetime(moment)).astimezone(tz).date()

    @api.model
    def _marketplace_ensure_hub(self):
        hub = self._marketplace_hub()
        if not hub:
            hub = self.env.ref("base.main_company").sudo()
            hub.write({"marketplace_role": "hub", "marketplace_state": "active"})
        hub._marketplace_make_french()
        return hub

    def _marketplace_make_french(self):
        """The hub is a French company (it invoices French customers and members): France's chart
        of accounts, VAT and journals, loaded while it has no accounting entries yet (a new
        database, where Odoo gave it the generic chart) or only Odoo's demo ones (a demo
        database: they go first, ``_marketplace_clear_demo_accounting``)."""
        self.ensure_one()
        company = self.sudo()
        if not company.country_id:
            company.country_id = self.env.ref("base.fr")
        if company.chart_template == "fr":
            return
        registry = self.env.registry
        if company.root_id._existing_accounting():
            if not self.env.ref("base.module_account").demo:
                return  # real entries: the hub keeps its chart
            company._marketplace_clear_demo_accounting()
        elif not registry.loaded:
            # During a module install, as account does for the first chart of a new database: once
            # the registry is loaded (ir.module.module._register_hook), instead of Odoo's generic chart.
            company_id = company.id
            registry._auto_install_template = lambda env: env["res.company"].browse(
                company_id)._marketplace_make_french()
            return
        if company.currency_id != self.env.ref("base.EUR"):
            company.currency_id = self.env.ref("base.EUR")
        self.env["account.chart.template"].sudo().try_loading("fr", company, install_demo=False)

    def _marketplace_clear_demo_accounting(self):
        """A demo database: Odoo's demo data gave the hub the generic chart with entries and Point of
        Sale orders. They go, as Odoo's chart loader clears a demo company before loading another
        chart (``account.chart.template._load``), which it cannot do alone here: reconciled entries
        must be unreconciled first, and French law (l10n_fr_pos_cert) forbids deleting Point of Sale
        orders through the ORM, so these demo orders are deleted in SQL."""
        self.ensure_one()
        domain = [("company_id", "child_of", self.id)]
        self.env["account.partial.reconcile"].sudo().search(domain).unlink()
        orders = self.env["pos.order"].sudo().search(domain)
        self.env.flush_all()
        if orders:
            self.env.execute_query(SQL("DELETE FROM pos_order WHERE id = ANY(%s)", orders.ids))
            self.env.invalidate_all()
        force = {"active_test": False, "force_delete": True, MODULE_UNINSTALL_FLAG: True}
        for model in ("pos.session", "pos.config", "pos.payment.method", "account.move"):
            self.env[model].sudo().with_context(**force).search(domain).unlink()

    @api.model
    def _marketplace_create_company(self, vals):
        """Create a member company. Odoo gives a new French company its chart of accounts when the
        transaction commits (account's ``install_l10n_modules`` leaves a pre-commit hook): the
        enrolment loads it itself, and would pay for a second load at commit; a generated member
        needs none. Odoo's own flag for "a chart is being loaded" switches that hook off.

        Odoo would also send the member's e-mail domain to its partner enrichment service (IAP) when
        an administrator creates a company: a network call per enrolment, and the member's data
        leaving the hub. The member is marked as enriched already."""
        if "iap_enrich_auto_done" in self._fields:
            vals = dict(vals, iap_enrich_auto_done=True)
        return self.sudo().with_context(chart_template_load=True).create(vals)

    @api.model
    def _marketplace_check_admin(self):
        if not (self.env.su or self.env.user.has_group("marketplace_base.group_marketplace_admin")):
            raise UserError(self.env._("Only marketplace administrators can do this."))

    def _marketplace_default_calendar(self):
        """Opening hours of a typical French shoe shop: Tuesday to Saturday,
        9:30-12:30 and 14:00-19:00. Created once per member company."""
        self.ensure_one()
        name = self.env._("Shop hours (Tue-Sat)")
        calendar = self.env["resource.calendar"].sudo().search(
            [("company_id", "=", self.id), ("name", "=", name)], limit=1
        )
        if calendar:
            return calendar
        attendances = []
        for day in ("1", "2", "3", "4", "5"):
            attendances += [
                (0, 0, {"name": self.env._("Morning"), "dayofweek": day, "hour_from": 9.5,
                        "hour_to": 12.5, "day_period": "morning"}),
                (0, 0, {"name": self.env._("Afternoon"), "dayofweek": day, "hour_from": 14.0,
                        "hour_to": 19.0, "day_period": "afternoon"}),
            ]
        return self.env["resource.calendar"].sudo().create({
            "name": name,
            "company_id": self.id,
            "tz": "Europe/Paris",
            "attendance_ids": attendances,
        })

    def _marketplace_prepare_store_vals(self, store):
        """Values of the warehouse of a new store; ``store`` is a dict with name, code,
        address (street, zip, city), ship and collect. Override to add fields."""
        self.ensure_one()
        return {
            "name": store["name"],
            "code": store.get("warehouse_code") or store["code"][-5:],
            "company_id": self.id,
            "marketplace_store": True,
            "marketplace_store_code": store["code"],
            "marketplace_ship": store.get("ship", True),
            "marketplace_collect": store.get("collect", True),
            "opening_hours": self._marketplace_default_calendar().id,
        }

    def _marketplace_create_store(self, store, create_pos=True):
        """Create a store of this member: its address (geocoded offline), its warehouse
        and, if asked, its Point of Sale. Returns the warehouse."""
        self.ensure_one()
        Partner = self.env["res.partner"].sudo()
        address = Partner.create({
            "name": store["name"],
            "parent_id": self.partner_id.id,
            "type": "other",
            "company_id": self.id,
            "street": store.get("street"),
            "zip": store.get("zip"),
            "city": store.get("city"),
            "country_id": self.env.ref("base.fr").id,
            "phone": store.get("phone"),
            "email": store.get("email"),
        })
        if not (address.partner_latitude or address.partner_longitude):
            raise UserError(self.env._(
                "The address of the store %(store)s could not be located: the postcode %(zip)s "
                "(%(city)s) is not in the French postcode table. Check the postcode and the town.",
                store=store["name"], zip=store.get("zip") or "-", city=store.get("city") or "-",
            ))
        vals = dict(self._marketplace_prepare_store_vals(store), partner_id=address.id)
        Warehouse = self.env["stock.warehouse"].sudo().with_company(self)
        # A company created in test mode already has a warehouse: the first store takes it over.
        warehouse = Warehouse.search(
            [("company_id", "=", self.id), ("marketplace_store", "=", False)], limit=1
        ) if not self.marketplace_store_ids else Warehouse
        if warehouse:
            warehouse.write(vals)
        else:
            warehouse = Warehouse.create(vals)
        if create_pos:
            warehouse._marketplace_create_pos()
        return warehouse

    def _set_per_company_inter_company_locations(self, inter_company_location):
        """Stock makes every company's partner an inter-company partner of every other company
        (transit location instead of Customers/Vendors), with one write per existing company. A
        member is an independent business that trades with the hub, not one of a group's
        companies moving stock between them: a new member is linked with the companies that are
        not members (the hub) only, both ways, in two statements, whatever the network's size.
        Another company keeps stock's behaviour (linked with every company)."""
        self.ensure_one()
        if not self.env.user.has_group("base.group_multi_company"):
            return
        fnames = ["property_stock_customer", "property_stock_supplier"]
        Partner = self.env["res.partner"]
        Partner.flush_model(fnames)
        self.flush_recordset(["marketplace_role"])
        counterparts = SQL("c.active AND c.id != %s", self.id)
        if self.marketplace_role == "member":
            counterparts = SQL("%s AND c.marketplace_role IS DISTINCT FROM 'member'", counterparts)
        location_id = inter_company_location.id
        self.env.execute_query(SQL(
            """UPDATE res_partner p
                  SET property_stock_customer = COALESCE(p.property_stock_customer, '{}') || %(value)s::jsonb,
                      property_stock_supplier = COALESCE(p.property_stock_supplier, '{}') || %(value)s::jsonb
                 FROM res_company c
                WHERE c.partner_id = p.id AND %(counterparts)s""",
            value=json.dumps({str(self.id): location_id}), counterparts=counterparts,
        ))
        self.env.execute_query(SQL(
            """UPDATE res_partner p
                  SET property_stock_customer = COALESCE(p.property_stock_customer, '{}') || o.value,
                      property_stock_supplier = COALESCE(p.property_stock_supplier, '{}') || o.value
                 FROM (SELECT jsonb_object_agg(c.id::text, %(location)s) AS value
                         FROM res_company c WHERE %(counterparts)s) o
                WHERE p.id = %(partner)s AND o.value IS NOT NULL""",
            location=location_id, counterparts=counterparts, partner=self.partner_id.id,
        ))
        Partner.invalidate_model(fnames)

    # ---------------------------------------------------------------- tooling
    @api.model
    def _marketplace_load_demo_network(self):
        """Demo data: enrol the French members of demo/marketplace_demo_network.json through
        the enrolment wizard, as an administrator would. A login met twice manages both
        members."""
        with file_open("marketplace_base/demo/marketplace_demo_network.json") as f:
            network = json.load(f)
        Wizard = self.env["marketplace.enrolment.wizard"].sudo()
        Users = self.env["res.users"].sudo()
        for member in network:
            if self.sudo().search_count([("marketplace_member_code", "=", normalize_code(member["code"]))]):
                continue
            user = Users.search([("login", "=", member["login"])], limit=1)
            first, *others = member["stores"]
            wizard = Wizard.create({
                "member_name": member["name"],
                "member_code": member["code"],
                "email": member["email"],
                "street": member["street"],
                "zip": member["zip"],
                "city": member["city"],
                "store_name": first["name"],
                "store_code": first["code"],
                "store_street": first["street"],
                "store_zip": first["zip"],
                "store_city": first["city"],
                "marketplace_ship": first["ship"],
                "marketplace_collect": first["collect"],
                "user_mode": "existing" if user else "new",
                "user_id": user.id,
                "user_name": member["user_name"],
                "user_login": member["login"],
            })
            company = wizard._enrol()
            for store in others:
                company._marketplace_create_store(store)
            if not user:
                Users.search([("login", "=", member["login"])]).password = member["login"]
