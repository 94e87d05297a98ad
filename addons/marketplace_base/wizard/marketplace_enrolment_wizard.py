import logging

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..utils import normalize_code

_logger = logging.getLogger(__name__)


class MarketplaceEnrolmentWizard(models.TransientModel):
    _name = "marketplace.enrolment.wizard"
    _description = "Enrol a Marketplace Member"

    # ------------------------------------------------------------------ fields
    member_name = fields.Char(required=True)
    member_code = fields.Char(required=True)
    vat = fields.Char(string="VAT Number")
    company_registry = fields.Char(string="SIRET")
    email = fields.Char()
    phone = fields.Char()
    street = fields.Char()
    zip = fields.Char(string="Postcode")
    city = fields.Char(string="Town")

    store_name = fields.Char(required=True)
    store_code = fields.Char(required=True)
    store_street = fields.Char()
    store_zip = fields.Char(string="Store Postcode")
    store_city = fields.Char(string="Store Town")
    marketplace_ship = fields.Boolean(string="Ships Parcels", default=True)
    marketplace_collect = fields.Boolean(string="Click & Collect", default=True)
    create_pos = fields.Boolean(string="Create a Point of Sale", default=True)
    activate = fields.Boolean(string="Activate Now", default=True)

    user_mode = fields.Selection(
        selection=[
            ("new", "Create a new login"),
            ("existing", "Attach to an existing login"),
            ("none", "No login yet"),
        ],
        string="Login",
        default="new",
        required=True,
    )
    user_name = fields.Char()
    user_login = fields.Char()
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Existing Login",
        domain=lambda self: self._marketplace_login_domain(),
        help="A member's login (never the hub's staff) that will also manage the new member: one account "
             "for several members.",
    )
    user_member_ids = fields.Many2many(
        comodel_name="res.company", string="Members It Manages", compute="_compute_user_member_ids",
        help="The members this login already manages.")

    # ----------------------------------------------------------------- compute
    @api.depends("user_id")
    def _compute_user_member_ids(self):
        for wizard in self:
            wizard.user_member_ids = wizard.user_id.sudo().company_ids.filtered(
                lambda company: company.marketplace_role == "member")

    # ----------------------------------------------------------------- onchange
    @api.onchange("member_name")
    def _onchange_member_name(self):
        if self.member_name and not self.store_name:
            self.store_name = self.member_name

    @api.onchange("street", "zip", "city")
    def _onchange_address(self):
        for fname in ("street", "zip", "city"):
            if self[fname] and not self["store_" + fname]:
                self["store_" + fname] = self[fname]

    # ----------------------------------------------------------------- actions
    def action_enrol(self):
        self.ensure_one()
        company = self._enrol()
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.company",
            "res_id": company.id,
            "view_mode": "form",
            "views": [(self.env.ref("marketplace_base.marketplace_member_view_form").id, "form")],
            "target": "current",
        }

    # ---------------------------------------------------------------- business
    @api.model
    def _marketplace_login_domain(self):
        """Logins that may manage one more member: members' internal logins, not the hub's staff."""
        return [
            ("share", "=", False),
            ("groups_id", "not in", (self.env.ref("marketplace_base.group_marketplace_animator")
                                     | self.env.ref("base.group_system")).ids),
            ("company_ids", "not any", [("marketplace_role", "=", "hub")]),
        ]

    def _enrol(self):
        """Create the member company, its chart of accounts, its first store and its login."""
        self.ensure_one()
        self.env["res.company"]._marketplace_check_admin()
        if self.user_mode == "new" and not self.user_login:
            raise UserError(self.env._("Give the login of the member's user, or choose another login option."))
        if self.user_mode == "new" and not (self.email or "").strip():
            raise UserError(self.env._(
                "Give the member's e-mail address: its new login receives the marketplace's orders and "
                "notifications there, and Odoo needs it to post in the chatter (opening a register does)."))
        if self.user_mode == "existing" and not self.user_id:
            raise UserError(self.env._("Choose the existing login that will manage this member."))
        if self.user_mode == "existing" and not self.user_id.sudo().filtered_domain(self._marketplace_login_domain()):
            raise UserError(self.env._(
                "%(login)s cannot manage a member: it is a login of the hub's staff (or not an internal login), "
                "and a member's login reaches only its members' shops. Create a new login for the member, or "
                "choose a member's login.", login=self.user_id.login))
        # PostgreSQL's JIT compiles the chart's account queries for longer than they run, and
        # only past a size the network reaches (330 ms to compile an 80 ms query at 600 members).
        self.env.cr.execute("SET LOCAL jit = off")
        company = self.env["res.company"]._marketplace_create_company(self._prepare_company_vals())
        self._load_chart_of_accounts(company)
        company._marketplace_create_store(self._prepare_store(), create_pos=self.create_pos)
        member_user = self._set_user(company)
        self._detach_enrolling_user(company, member_user)
        _logger.info("Enrolled member %s (%s)", company.name, company.marketplace_member_code)
        return company

    def _prepare_company_vals(self):
        return {
            "name": self.member_name,
            "marketplace_role": "member",
            "marketplace_member_code": normalize_code(self.member_code),
            "marketplace_state": "active" if self.activate else "draft",
            "country_id": self.env.ref("base.fr").id,
            "currency_id": self.env.ref("base.EUR").id,
            "street": self.street,
            "zip": self.zip,
            "city": self.city,
            "email": self.email,
            "phone": self.phone,
            "vat": self.vat,
            "company_registry": self.company_registry,
        }

    def _prepare_store(self):
        return {
            "name": self.store_name,
            "code": normalize_code(self.store_code),
            "street": self.store_street or self.street,
            "zip": self.store_zip or self.zip,
            "city": self.store_city or self.city,
            "ship": self.marketplace_ship,
            "collect": self.marketplace_collect,
        }

    def _detach_enrolling_user(self, company, member_user):
        """Odoo gives every new company to the user who creates it. Hub staff work from the hub
        company and reach members through their marketplace role: with 1,600 members, a company
        switcher holding all of them is unusable and every enrolment would cost more than the last."""
        user = self.env.user
        if user._is_superuser():
            return
        if user != member_user and company in user.company_ids and user.company_id != company:
            user.sudo().write({"company_ids": [fields.Command.unlink(company.id)]})

    def _load_chart_of_accounts(self, company):
        self.env["account.chart.template"].sudo().try_loading("fr", company, install_demo=False)

    def _prepare_user_groups(self):
        return self.env.ref("marketplace_base.group_marketplace_member")

    def _set_user(self, company):
        Users = self.env["res.users"].sudo()
        if self.user_mode == "existing":
            self.user_id.sudo().write({
                "company_ids": [fields.Command.link(company.id)],
                "groups_id": [fields.Command.link(g.id) for g in self._prepare_user_groups()],
            })
            return self.user_id
        if self.user_mode == "new":
            return Users.with_context(no_reset_password=True).create({
                "name": self.user_name or self.member_name,
                "login": self.user_login.strip(),
                "email": self.email,
                "lang": "fr_FR" if self.env["res.lang"]._lang_get("fr_FR") else self.env.lang,
                "tz": "Europe/Paris",
                "company_id": company.id,
                "company_ids": [fields.Command.set(company.ids)],
                "groups_id": [fields.Command.set(
                    (self.env.ref("base.group_user") | self._prepare_user_groups()).ids
                )],
            })
        return Users
