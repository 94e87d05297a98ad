from odoo.tests import BaseCase, tagged

from ..utils import plan_routing, tied_stores


@tagged("post_install", "-at_install")
class TestRoutingPlan(BaseCase):
    """The ranking on its own: whole order first, then fewest stores nearest first, then load."""

    def test_whole_order_beats_nearer_partial_store(self):
        legs, missing = plan_routing({"a": 1, "b": 1}, {1: {"a": 1}, 2: {"a": 1, "b": 2}}, {1: 2.0, 2: 9.0}, {})
        self.assertEqual(legs, [(2, {"a": 1, "b": 1})])
        self.assertEqual(missing, {})

    def test_nearest_of_the_whole_order_stores(self):
        legs, _missing = plan_routing({"a": 1}, {1: {"a": 1}, 2: {"a": 1}}, {1: 12.0, 2: 3.0}, {})
        self.assertEqual(legs, [(2, {"a": 1})])

    def test_split_takes_the_store_serving_most_first(self):
        stock = {1: {"a": 1}, 2: {"a": 1, "b": 1}, 3: {"c": 1}}
        legs, missing = plan_routing({"a": 1, "b": 1, "c": 1}, stock, {1: 1.0, 2: 50.0, 3: 20.0}, {})
        self.assertEqual(legs, [(2, {"a": 1, "b": 1}), (3, {"c": 1})])
        self.assertEqual(missing, {})

    def test_load_breaks_ties_and_no_distance_comes_last(self):
        legs, _missing = plan_routing({"a": 1}, {1: {"a": 1}, 2: {"a": 1}}, {1: 5.0, 2: 5.0}, {1: 3, 2: 0})
        self.assertEqual(legs, [(2, {"a": 1})])
        legs, _missing = plan_routing({"a": 1}, {1: {"a": 1}, 2: {"a": 1}}, {1: None, 2: 80.0}, {})
        self.assertEqual(legs, [(2, {"a": 1})])

    def test_partial_quantities_and_missing(self):
        legs, missing = plan_routing({"a": 3}, {1: {"a": 1}, 2: {"a": 1}}, {1: 1.0, 2: 2.0}, {})
        self.assertEqual(legs, [(1, {"a": 1}), (2, {"a": 1})])
        self.assertEqual(missing, {"a": 1})

    def test_without_whole_order_preference(self):
        legs, _missing = plan_routing({"a": 1, "b": 1}, {1: {"a": 1}, 2: {"a": 1, "b": 1}}, {1: 1.0, 2: 9.0}, {},
                                      whole_order_first=False)
        # the nearest store serves what it has, the next one the rest
        self.assertEqual(legs, [(1, {"a": 1}), (2, {"b": 1})])

    def test_loads_read_only_for_stores_tied_with_a_chosen_one(self):
        stock = {1: {"a": 1}, 2: {"a": 1}, 3: {"a": 1}, 4: {"a": 1}}
        distances = {1: 5.0, 2: 5.0, 3: 9.0, 4: 9.0}
        self.assertEqual(sorted(tied_stores(stock, distances, {}, among=[1])), [1, 2])
        self.assertEqual(tied_stores(stock, distances, {1: 90.0}, among=[1]), [], "the acceptance rate separates them")
        self.assertEqual(sorted(tied_stores(stock, distances)), [1, 2, 3, 4])
