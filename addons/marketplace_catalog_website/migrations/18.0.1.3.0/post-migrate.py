"""18.0.1.3.0: the shop's categories mirror the catalogue's nomenclature (its category pages), its
filters are the models' brand, colour and material; the shop shows prices VAT included."""
from openupgradelib import openupgrade


@openupgrade.migrate()
def migrate(env, version):
    env["website"]._marketplace_set_up_shop()
