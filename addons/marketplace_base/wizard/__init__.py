from . import marketplace_enrolment_wizard
