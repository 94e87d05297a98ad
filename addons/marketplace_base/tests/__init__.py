from . import test_access, test_enrolment, test_geocoder, test_holiday_pause
