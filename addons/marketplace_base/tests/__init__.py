from . import (
    test_access,
    test_codes,
    test_enrolment,
    test_geocoder,
    test_holiday_pause,
    test_partner_sync,
    test_uninstall,
)
