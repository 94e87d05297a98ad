from . import marketplace_brand
from . import product_template
from . import product_product
from . import res_company
from . import res_config_settings
from . import stock_warehouse
from . import marketplace_stock_feed
from . import marketplace_stock_feed_line
