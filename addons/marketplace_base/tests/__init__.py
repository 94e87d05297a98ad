from . import test_geocoder
from . import test_enrolment
from . import test_access
from . import test_holiday_pause
