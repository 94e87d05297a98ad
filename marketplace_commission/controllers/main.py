import base64

from odoo import http
from odoo.http import content_disposition, request


class MarketplaceSettlementController(http.Controller):

    @http.route("/marketplace/settlement/<int:settlement_id>/<string:kind>", type="http", auth="user")
    def marketplace_settlement_document(self, settlement_id, kind):
        """A settlement's statement or invoice as a file, for a user who may read the settlement."""
        document = request.env["marketplace.settlement"].browse(settlement_id).marketplace_document(kind)
        content = base64.b64decode(document["content"])
        return request.make_response(content, headers=[
            ("Content-Type", document["mimetype"]), ("Content-Length", len(content)),
            ("Content-Disposition", content_disposition(document["filename"])),
        ])
