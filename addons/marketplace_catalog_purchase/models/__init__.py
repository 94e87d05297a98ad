from . import purchase_order_line
