"""Every user-facing string of the suite has its French translation in i18n/fr.po."""
from pathlib import Path

import polib

from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import TranslationModuleReader

ADDONS = Path(__file__).resolve().parent.parent / "addons"


@tagged("post_install", "-at_install")
class TestFrenchTranslations(TransactionCase):

    def test_every_term_translated(self):
        modules = sorted(p.parent.name for p in ADDONS.glob("*/__manifest__.py"))
        reader = TranslationModuleReader(self.env.cr, modules=modules)
        terms = {}
        for module, _type, _name, _res_id, source, _value, _comments in reader:
            if source and source.strip():
                terms.setdefault(module, set()).add(source)
        self.assertEqual(set(terms), set(modules), "every module has terms to translate")
        for module in modules:
            po_path = ADDONS / module / "i18n" / "fr.po"
            self.assertTrue(po_path.exists(), f"{module} has no i18n/fr.po")
            translated = {entry.msgid for entry in polib.pofile(str(po_path)) if entry.msgstr.strip()}
            missing = sorted(terms[module] - translated)
            self.assertFalse(missing, f"{module}: untranslated in i18n/fr.po: {missing[:20]}")
