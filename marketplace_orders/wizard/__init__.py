from . import (
    marketplace_enrolment_wizard,
    marketplace_order_base_wizard,
    marketplace_order_cancel,
    marketplace_order_reassign,
    marketplace_order_refuse,
    marketplace_order_return,
    marketplace_order_ship,
)
