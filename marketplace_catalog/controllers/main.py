from werkzeug.wsgi import wrap_file

from odoo import http
from odoo.http import Response, request


class MarketplaceCatalogController(http.Controller):

    @http.route("/marketplace/catalog/export/<int:export_id>", type="http", auth="user", methods=["GET"])
    def download_export(self, export_id, **kwargs):
        """Download a référencier export as CSV, streamed from a temporary file."""
        export = request.env["marketplace.catalog.export"].sudo().browse(export_id).exists()
        if not export or export.company_id not in request.env.user.company_ids:
            raise request.not_found()
        spool = export._stream_to_file()
        member = export.company_id.marketplace_member_code or "membre"
        filename = f"referencier-{member}-{export.mode}-{export.snapshot:%Y%m%d-%H%M}.csv"
        return Response(
            wrap_file(request.httprequest.environ, spool),
            headers=[
                ("Content-Type", "text/csv; charset=utf-8"),
                ("Content-Disposition", http.content_disposition(filename)),
            ],
            direct_passthrough=True,
        )
