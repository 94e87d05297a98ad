"""Every user-facing string of the suite has its French translation in i18n/fr.po."""
from pathlib import Path

import polib

from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import TranslationModuleReader

REPO = Path(__file__).resolve().parent.parent
# DESIGN.md's layout: capability modules at the repository root, base and glue modules in addons/.
MANIFESTS = sorted([*REPO.glob("*/__manifest__.py"), *(REPO / "addons").glob("*/__manifest__.py")])


@tagged("post_install", "-at_install")
class TestFrenchTranslations(TransactionCase):

    def test_every_term_translated(self):
        folders = {p.parent.name: p.parent for p in MANIFESTS}
        modules = sorted(folders)
        reader = TranslationModuleReader(self.env.cr, modules=modules)
        terms = {}
        for module, _type, _name, _res_id, source, _value, _comments in reader:
            if source and source.strip():
                terms.setdefault(module, set()).add(source)
        self.assertEqual(set(terms), set(modules), "every module has terms to translate")
        # Terms of the Python code of a module in addons/ are found too (the order of the addons path).
        self.assertIn("Give the last day of the holiday pause of %(store)s.", terms["marketplace_base"])
        for module in modules:
            po_path = folders[module] / "i18n" / "fr.po"
            self.assertTrue(po_path.exists(), f"{module} has no i18n/fr.po")
            translated = {entry.msgid for entry in polib.pofile(str(po_path)) if entry.msgstr.strip()}
            missing = sorted(terms[module] - translated)
            self.assertFalse(missing, f"{module}: untranslated in i18n/fr.po: {missing[:20]}")
            # Odoo merges fr.po with the module's .pot when it loads it: a term missing from the
            # .pot is read as obsolete and never reaches French users.
            pot_path = folders[module] / "i18n" / f"{module}.pot"
            self.assertTrue(pot_path.exists(), f"{module} has no i18n/{module}.pot")
            in_pot = {entry.msgid for entry in polib.pofile(str(pot_path))}
            stale = sorted(terms[module] - in_pot)
            self.assertFalse(stale, f"{module}: missing from i18n/{module}.pot (export it again): {stale[:10]}")
