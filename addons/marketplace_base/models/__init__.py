from . import marketplace_unique_code_mixin
from . import marketplace_postcode
from . import base_geocoder
from . import res_partner
from . import res_company
from . import stock_warehouse
from . import res_config_settings
