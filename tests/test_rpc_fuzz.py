"""Every public method of the suite's models, called over XML-RPC with wrong types by the real
users (a member, an animator, an administrator): a value XML-RPC can carry, or a clear refusal
(UserError, AccessError: fault codes 2 to 4) — never fault code 1, a traceback (issue 18, case 5)."""
import inspect
import xmlrpc.client

from odoo.addons.marketplace_collect.tests.common import CollectCommon
from odoo.tests import HttpCase, tagged

SUITE_PREFIX = "odoo.addons.marketplace_"
# What a client may send instead of what a method expects.
WRONG_VALUES = ["abc", False, 4.5, [4], {"x": 1}, -1, True, ""]
LOGINS = (("testeau", "member-pass"), ("mkt_animator", "mkt_animator"), ("mkt_admin", "mkt_admin"))


def suite_public_methods(registry):
    """{model: [(method name, parameters after self, is @api.model)]}: the public methods the
    suite's modules define first (not its overrides of Odoo's own methods)."""
    found = {}
    for model_name, model_class in registry.items():
        names = set()
        for cls in type.mro(model_class):
            if not cls.__module__.startswith(SUITE_PREFIX):
                continue
            for name, member in vars(cls).items():
                if name.startswith("_") or not inspect.isfunction(member):
                    continue
                if any(name in vars(other) for other in type.mro(model_class)
                       if not other.__module__.startswith(SUITE_PREFIX) and other is not model_class):
                    continue  # an override of Odoo's method (create, write, action_confirm, ...)
                names.add(name)
        if not names:
            continue
        methods = []
        for name in sorted(names):
            function = getattr(model_class, name)
            parameters = [p for p in list(inspect.signature(function).parameters.values())[1:]
                          if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
            methods.append((name, parameters, getattr(function, "_api", None) == "model"))
        found[model_name] = methods
    return found


@tagged("post_install", "-at_install")
class TestRpcWrongTypes(CollectCommon, HttpCase):

    def rpc(self, login, password):
        db = self.env.cr.dbname
        uid = self.xmlrpc_common.authenticate(db, login, password, {})
        self.assertTrue(uid, login)
        return lambda model, method, args: self.xmlrpc_object.execute_kw(db, uid, password, model, method, args, {})

    def test_no_public_method_answers_a_traceback(self):
        self.set_stock(self.store_lyon, {self.v39: 2})
        order = self.cart({self.v39: 1})
        self.choose(order, self.store_lyon)
        order.action_confirm()
        methods = suite_public_methods(self.registry)
        for model_name, name in (("marketplace.order", "marketplace_refuse"), ("marketplace.order", "marketplace_ship"),
                                 ("marketplace.order", "marketplace_pos_hand_over"),
                                 ("marketplace.stock.feed", "submit"), ("res.company", "action_marketplace_close"),
                                 ("sale.order", "action_marketplace_route")):
            self.assertIn(name, [method for method, _p, _m in methods[model_name]], model_name)
        tracebacks = []
        calls_made = 0
        for login, password in LOGINS:
            call = self.rpc(login, password)
            for model_name, model_methods in sorted(methods.items()):
                if self.env[model_name]._abstract:
                    continue
                record = self.env[model_name].sudo().search([], limit=1, order="id desc")
                for name, parameters, is_model in model_methods:
                    if not is_model and not record:
                        continue
                    ids = [] if is_model else [record.id]
                    calls = [ids + [wrong] * len(parameters) for wrong in WRONG_VALUES] if parameters else [ids]
                    for args in calls:
                        calls_made += 1
                        try:
                            call(model_name, name, args)
                        except xmlrpc.client.Fault as fault:
                            if fault.faultCode == 1:
                                tracebacks.append(f"{login} {model_name}.{name}{tuple(args)}: "
                                                  f"{fault.faultString.strip().splitlines()[-1]}")
        self.assertGreater(calls_made, 200)
        self.assertFalse(tracebacks, "\n".join(tracebacks))
