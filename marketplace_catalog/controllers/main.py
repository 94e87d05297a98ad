from werkzeug.wsgi import wrap_file

from odoo import http
from odoo.http import Response, request


class MarketplaceCatalogController(http.Controller):

    @http.route("/marketplace/catalog/export/<int:export_id>", type="http", auth="user", methods=["GET"])
    def download_export(self, export_id, **kwargs):
        """Download a référencier export as CSV: the file a job wrote, or streamed from a
        temporary file."""
        export = request.env["marketplace.catalog.export"].sudo().browse(export_id).exists()
        if not export or export.company_id not in request.env.user.company_ids:
            raise request.not_found()
        filename = export._marketplace_filename()
        if export.attachment_id:  # written by a job: the file, as it was then
            return request.env["ir.binary"]._get_stream_from(export.attachment_id, filename=filename).get_response(
                as_attachment=True)
        if export.state in ("queued", "failed", "replaced"):
            raise request.not_found()
        spool = export._stream_to_file()
        return Response(
            wrap_file(request.httprequest.environ, spool),
            headers=[
                ("Content-Type", "text/csv; charset=utf-8"),
                ("Content-Disposition", http.content_disposition(filename)),
            ],
            direct_passthrough=True,
        )
