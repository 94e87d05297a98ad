import threading
from unittest.mock import patch

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import MarketplaceCase


@tagged("post_install", "-at_install")
class TestEnrolment(MarketplaceCase):

    def test_enrolment_end_to_end(self):
        member = self.member_lyon
        self.assertEqual(member.marketplace_role, "member")
        self.assertEqual(member.marketplace_member_code, "T001")
        self.assertEqual(member.marketplace_state, "active")
        self.assertEqual(member.country_id, self.env.ref("base.fr"))
        # French chart of accounts with its VAT.
        self.assertEqual(member.chart_template, "fr")
        tax = self.env["account.tax"].search([
            ("company_id", "=", member.id), ("type_tax_use", "=", "sale"), ("amount", "=", 20),
        ], limit=1)
        self.assertTrue(tax, "the member has the French 20 % sales VAT")
        # Its first store: a warehouse with a geocoded address and opening hours.
        store = self.store_lyon
        self.assertEqual(len(store), 1)
        self.assertEqual(store.marketplace_store_code, "T001-01")
        self.assertTrue(store.marketplace_ship and store.marketplace_collect)
        self.assertEqual(store.company_id, member)
        self.assertEqual(store.partner_id.zip, "69002")
        self.assertAlmostEqual(store.marketplace_latitude, 45.746, places=2)
        self.assertAlmostEqual(store.marketplace_longitude, 4.826, places=2)
        self.assertTrue(store.opening_hours.attendance_ids)
        self.assertEqual(store.opening_hours.company_id, member)
        self.assertEqual(self.env["stock.warehouse"].search_count([("company_id", "=", member.id)]), 1)
        # Its Point of Sale sells from the store's stock.
        pos = self.env["pos.config"].search([("company_id", "=", member.id)])
        self.assertEqual(len(pos), 1)
        self.assertEqual(pos.picking_type_id, store.pos_type_id)
        self.assertTrue(pos.payment_method_ids)
        # Its login: member group, this company only.
        user = self.user_lyon
        self.assertTrue(user.has_group("marketplace_base.group_marketplace_member"))
        self.assertTrue(user.has_group("point_of_sale.group_pos_user"))
        self.assertFalse(user.has_group("marketplace_base.group_marketplace_animator"))
        self.assertEqual(user.company_id, member)
        self.assertEqual(user.company_ids, member)
        self.assertEqual(member.marketplace_store_count, 1)
        # The administrator who enrolled it does not collect member companies in its switcher.
        self.assertEqual(self.admin_user.company_ids, self.hub)
        self.assertIn(member, self.env["res.company"].with_user(self.admin_user).search([]))

    def test_second_member_on_existing_login(self):
        second = self.enrol_member(
            "T003", "Chaussures Testeau Villeurbanne", "T003-01", "45 Cours Émile Zola", "69100",
            "Villeurbanne", user=self.user_lyon,
        )
        self.assertEqual(self.user_lyon.company_ids, self.member_lyon | second)
        self.assertEqual(self.user_lyon.company_id, self.member_lyon, "the default company stays")
        self.assertEqual(self.env["res.users"].search_count([("login", "=", "testeau")]), 1)
        # The login now sees the stores of both members.
        stores = self.env["stock.warehouse"].with_user(self.user_lyon).search([("marketplace_store", "=", True)])
        self.assertEqual(stores, self.store_lyon | second.marketplace_store_ids)

    def test_existing_login_shows_its_members_and_is_never_hub_staff(self):
        """Issue 18, case 6: the wizard says which members a login already manages, offers
        members' logins only, and refuses a login of the hub's staff (it would reach a member's
        orders as the hub)."""
        Wizard = self.env["marketplace.enrolment.wizard"].with_user(self.admin_user)
        wizard = Wizard.new({"user_mode": "existing", "user_id": self.user_lyon.id})
        self.assertEqual(wizard.user_member_ids.ids, self.member_lyon.ids)
        offered = self.env["res.users"].with_user(self.admin_user).search(wizard._marketplace_login_domain())
        self.assertIn(self.user_lyon, offered)
        self.assertNotIn(self.animator_user, offered)
        self.assertNotIn(self.admin_user, offered)
        for staff in (self.animator_user, self.admin_user):
            with self.assertRaisesRegex(UserError, "hub"):
                self.enrol_member("T009", "Chaussures Testeau Bron", "T009-01", "2 avenue Camille Rousset",
                                  "69500", "Bron", user=staff)
            self.assertFalse(self.env["res.company"].search([("marketplace_member_code", "=", "T009")]))

    def test_second_store(self):
        store = self.member_lyon._marketplace_create_store({
            "name": "Testeau Croix-Rousse", "code": "T001-02", "street": "8 Grande Rue de la Croix-Rousse",
            "zip": "69004", "city": "Lyon",
        })
        self.assertEqual(self.member_lyon.marketplace_store_count, 2)
        self.assertEqual(store.opening_hours, self.store_lyon.opening_hours, "one calendar per member")
        self.assertNotEqual(store.partner_id, self.store_lyon.partner_id)
        self.assertEqual(store.partner_id.parent_id, self.member_lyon.partner_id)
        self.assertEqual(self.env["pos.config"].search_count([("company_id", "=", self.member_lyon.id)]), 2)

    def test_only_administrators_enrol(self):
        wizard = self.env["marketplace.enrolment.wizard"].create({
            "member_name": "Intrus", "member_code": "T099", "store_name": "Intrus",
            "store_code": "T099-01", "zip": "75001", "city": "Paris", "user_mode": "none",
        })
        with self.assertRaises(UserError):
            wizard.with_user(self.animator_user).action_enrol()
        self.assertFalse(self.env["res.company"].search([("marketplace_member_code", "=", "T099")]))

    def test_wizard_requires_login(self):
        with self.assertRaisesRegex(UserError, "login"):
            self.enrol_member("T004", "Sans Login", "T004-01", "1 Rue de Rivoli", "75001", "Paris",
                              user_mode="new")

    def test_no_network_call_at_enrolment(self):
        """Odoo's partner enrichment (IAP) would send the member's e-mail domain out of the hub.
        Odoo skips it under test: here it runs as in production, and the call would fail."""
        calls = []

        def enrich_by_domain(partner_model, domain, *args, **kwargs):
            calls.append(domain)
            raise AssertionError(f"network call to the enrichment service for {domain}")

        thread = threading.current_thread()
        with patch.object(type(self.env["res.partner"]), "enrich_by_domain", enrich_by_domain, create=True), \
                patch.object(thread, "testing", False):
            # Enrolled by Odoo's administrator (Odoo enriches only for settings administrators).
            admin = self.env.ref("base.user_admin")
            self.assertTrue(admin._is_system())
            action = self.env["marketplace.enrolment.wizard"].with_user(admin).create({
                "member_name": "Chaussures Réseau", "member_code": "T031", "street": "8 Rue Mercière",
                "zip": "69002", "city": "Lyon", "store_name": "Chaussures Réseau", "store_code": "T031-01",
                "user_mode": "new", "user_login": "reseau", "email": "contact@chaussures-reseau.fr",
            }).action_enrol()
            member = self.env["res.company"].browse(action["res_id"])
            # The web client asks again when an administrator opens a company's form.
            member.with_user(admin).iap_enrich_auto()
        self.assertEqual(member.email, "contact@chaussures-reseau.fr")
        self.assertEqual(calls, [])

    def test_new_login_needs_an_email(self):
        """A login without an e-mail address cannot even open its register (Odoo posts in the chatter)."""
        with self.assertRaisesRegex(UserError, "e-mail address"):
            self.enrol_member("T009", "Chaussures Sans Mail", "T009-01", "3 Place Bellecour", "69002", "Lyon",
                              login="sansmail", email=False)
        self.assertTrue(self.user_lyon.email)

    def test_unique_codes(self):
        with self.assertRaisesRegex(ValidationError, "(?i)T001.*Chaussures Testeau"):
            self.enrol_member("t001", "Doublon", "T005-01", "1 Rue de Rivoli", "75001", "Paris")
        with self.assertRaisesRegex(ValidationError, "T001-01.*already used"):
            self.enrol_member("T005", "Doublon", "T001-01", "1 Rue de Rivoli", "75001", "Paris")
        with self.assertRaisesRegex(ValidationError, "member code"):
            self.env["res.company"].create({"name": "Sans Code", "marketplace_role": "member"})

    def test_unique_codes_translated(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["marketplace_base"], ["fr_FR"], overwrite=True)
        admin_fr = self.admin_user.with_context(lang="fr_FR")
        with self.assertRaisesRegex(ValidationError, "déjà utilisé"):
            self.env["marketplace.enrolment.wizard"].with_user(admin_fr).with_context(lang="fr_FR").create({
                "member_name": "Doublon", "member_code": "T001", "store_name": "Doublon",
                "store_code": "T006-01", "zip": "75001", "city": "Paris", "user_mode": "none",
            })._enrol()

    def test_single_hub(self):
        with self.assertRaisesRegex(ValidationError, "only one marketplace hub"):
            self.member_lyon.marketplace_role = "hub"

    def test_member_states(self):
        # A value XML-RPC can carry (None cannot be marshalled: issue 18, case 5).
        self.assertIs(self.member_lyon.with_user(self.admin_user).action_marketplace_suspend(), True)
        self.assertEqual(self.member_lyon.marketplace_state, "suspended")
        self.assertEqual(self.store_lyon.marketplace_member_state, "suspended")
        self.assertIs(self.member_lyon.with_user(self.admin_user).action_marketplace_activate(), True)
        self.assertEqual(self.member_lyon.marketplace_state, "active")
        with self.assertRaises(UserError):
            self.member_lyon.with_user(self.animator_user).action_marketplace_close()

    def test_inter_company_locations_set_both_ways(self):
        """What stock sets for every new company (inter-company transit for deliveries between
        companies), between a new member and the hub only: members are independent businesses
        that trade with the hub, not stock moved between one owner's companies. Stock's own way
        (every company with every other) grew each enrolment with the size of the network."""
        # Odoo does it when the enrolling user works in several companies (superuser scripts,
        # an administrator of more than the hub).
        self.admin_user.groups_id = [(4, self.env.ref("base.group_multi_company").id)]
        transit = self.env.ref("stock.stock_location_inter_company")
        customers = self.env.ref("stock.stock_location_customers")
        member = self.enrol_member("T009", "Chaussures Bastide", "T009-01", "3 place Bellecour",
                                   "69002", "Lyon")
        Company = self.env["res.company"]
        hubs = Company.search([("id", "!=", member.id), ("marketplace_role", "!=", "member")])
        members = Company.search([("id", "!=", member.id), ("marketplace_role", "=", "member")])
        self.assertTrue(hubs)
        self.assertGreaterEqual(len(members), 2)
        for other in hubs:
            self.assertEqual(member.partner_id.with_company(other).property_stock_customer, transit)
            self.assertEqual(member.partner_id.with_company(other).property_stock_supplier, transit)
            self.assertEqual(other.partner_id.with_company(member).property_stock_customer, transit)
            self.assertEqual(other.partner_id.with_company(member).property_stock_supplier, transit)
        for other in members:
            self.assertEqual(member.partner_id.with_company(other).property_stock_customer, customers)
            self.assertEqual(other.partner_id.with_company(member).property_stock_customer, customers)
        self.env.cr.execute("SELECT property_stock_customer FROM res_partner WHERE id = %s", [member.partner_id.id])
        self.assertEqual({str(other.id) for other in hubs}, set(self.env.cr.fetchone()[0]) - {str(member.id)})
        self.env.cr.execute("SELECT COUNT(*) FROM res_partner WHERE id = ANY(%s) AND property_stock_customer ? %s",
                            [members.partner_id.ids, str(member.id)])
        self.assertEqual(self.env.cr.fetchone()[0], 0)

    def test_inter_company_locations_of_a_new_hub_company(self):
        """A company that is not a member (a second hub company) keeps stock's behaviour: linked
        with every company."""
        self.admin_user.groups_id = [(4, self.env.ref("base.group_multi_company").id)]
        transit = self.env.ref("stock.stock_location_inter_company")
        other_hub = self.env["res.company"].with_user(self.admin_user).sudo().create({"name": "Centrale Achats"})
        for other in self.env["res.company"].search([("id", "!=", other_hub.id)]):
            self.assertEqual(other_hub.partner_id.with_company(other).property_stock_customer, transit)
            self.assertEqual(other.partner_id.with_company(other_hub).property_stock_customer, transit)
