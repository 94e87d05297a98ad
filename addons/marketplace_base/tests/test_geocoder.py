from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from ..utils import haversine_km, normalize_city, normalize_postcode

NO_NETWORK = patch("requests.get", side_effect=AssertionError("network call"))


@tagged("post_install", "-at_install")
class TestGeocoder(TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Postcode = cls.env["marketplace.postcode"]

    def assertLocated(self, postcode, city, lat, lon, precision="commune"):
        result = self.Postcode._marketplace_lookup(postcode, city)
        self.assertTrue(result, f"{postcode} {city} not located")
        self.assertAlmostEqual(result["latitude"], lat, places=2)
        self.assertAlmostEqual(result["longitude"], lon, places=2)
        self.assertEqual(result["precision"], precision)
        return result

    def test_normalize(self):
        self.assertEqual(normalize_city("Saint-Étienne Cedex 1"), "ST ETIENNE")
        self.assertEqual(normalize_city("L'Île-Rousse"), "L ILE ROUSSE")
        self.assertEqual(normalize_city("Sainte-Maxime"), "STE MAXIME")
        self.assertEqual(normalize_postcode(" 6000 "), "06000")
        self.assertEqual(normalize_postcode("750 08"), "75008")
        self.assertEqual(normalize_postcode("ABCDE"), "")
        # Paris - Lyon, about 392 km as the crow flies.
        self.assertAlmostEqual(haversine_km(48.8566, 2.3522, 45.7640, 4.8357), 392, delta=3)

    def test_table_loaded_once(self):
        self.assertEqual(self.Postcode.search_count([]), 35555)
        self.assertEqual(self.Postcode._load_postcodes(), 0, "unchanged file must not reload")
        self.assertEqual(self.Postcode._load_postcodes(force=True), 35555)
        self.assertEqual(self.Postcode.search_count([]), 35555)

    def test_known_postcodes(self):
        self.assertLocated("75001", "Paris", 48.862, 2.336)
        self.assertLocated("69002", "Lyon", 45.746, 4.826)
        self.assertLocated("13001", "Marseille", 43.300, 5.383)
        result = self.assertLocated("20000", "Ajaccio", 41.923, 8.706)  # Corse-du-Sud, INSEE 2A004
        self.assertEqual(result["city"], "AJACCIO")
        self.assertLocated("97400", "Saint-Denis", -20.943, 55.444)  # La Réunion
        self.assertLocated("6000", "Nice", 43.703, 7.253)  # leading zero lost by a spreadsheet

    def test_shared_postcode(self):
        # 01000 serves Bourg-en-Bresse and Saint-Denis-lès-Bourg: the town decides.
        bourg = self.assertLocated("01000", "Bourg-en-Bresse", 46.2027, 5.2469)
        stdenis = self.assertLocated("01000", "Saint-Denis-lès-Bourg", 46.2097, 5.1825)
        self.assertNotEqual(bourg["longitude"], stdenis["longitude"])
        centre = self.Postcode._marketplace_lookup("01000", None)
        self.assertEqual(centre["precision"], "postcode")

    def test_town_without_postcode(self):
        result = self.Postcode._marketplace_lookup(None, "Paris")
        self.assertEqual(result["precision"], "town")
        self.assertTrue(result["city"].startswith("PARIS"))

    def test_unknown_postcode(self):
        self.assertIsNone(self.Postcode._marketplace_lookup("99999", "Nulle-Part-sur-Mer"))
        self.assertIsNone(self.Postcode._marketplace_lookup("", ""))
        with NO_NETWORK:
            partner = self.env["res.partner"].create({
                "name": "Client inconnu", "zip": "99999", "city": "Nulle-Part-sur-Mer",
                "country_id": self.env.ref("base.fr").id,
            })
        self.assertFalse(partner.partner_latitude or partner.partner_longitude)

    def test_partner_located_offline(self):
        self.assertTrue(self.env["base.geocoder"]._marketplace_is_offline())
        with NO_NETWORK:
            partner = self.env["res.partner"].create({
                "name": "Mme Dupont", "street": "3 Place Bellecour", "zip": "69002",
                "city": "Lyon", "country_id": self.env.ref("base.fr").id,
            })
            self.assertAlmostEqual(partner.partner_latitude, 45.746, places=2)
            partner.write({"zip": "13001", "city": "Marseille"})
            self.assertAlmostEqual(partner.partner_latitude, 43.300, places=2)
            partner.write({"partner_latitude": 0, "partner_longitude": 0})
            self.assertTrue(partner.geo_localize())
        self.assertAlmostEqual(partner.partner_longitude, 5.383, places=2)
        self.assertTrue(partner.date_localization)

    def test_foreign_address_left_alone(self):
        partner = self.env["res.partner"].create({
            "name": "Schuh Berlin", "zip": "10115", "city": "Berlin",
            "country_id": self.env.ref("base.de").id,
        })
        self.assertFalse(partner.partner_latitude)

    def test_store_with_unknown_postcode_refused(self):
        company = self.env["res.company"].create({"name": "Sans Adresse", "country_id": self.env.ref("base.fr").id})
        with self.assertRaisesRegex(UserError, "99999"):
            company._marketplace_create_store(
                {"name": "Magasin fantôme", "code": "X999-01", "zip": "99999", "city": "Nulle-Part"},
                create_pos=False,
            )
