"""Every write of the privacy app: export (``export``; a customer's own request in
``export_requests``), erasure (``erase``) and retention (``retention``); ``anonymise`` holds the
placeholders both erasure and retention leave."""

from privacy.services.erase import ErasureError, ErasureResult, customer_erase
from privacy.services.export import customer_export, export_archive_create
from privacy.services.export_requests import (
    ExportLinkInvalid,
    export_download_claim,
    export_request_build,
    export_request_create,
)
from privacy.services.retention import retention_apply

__all__ = [
    "ErasureError",
    "ErasureResult",
    "ExportLinkInvalid",
    "customer_erase",
    "customer_export",
    "export_archive_create",
    "export_download_claim",
    "export_request_build",
    "export_request_create",
    "retention_apply",
]
