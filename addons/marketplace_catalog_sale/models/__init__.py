from . import account_move_line, sale_order_line
