from . import marketplace_order_refuse, marketplace_order_ship
