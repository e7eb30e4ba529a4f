"""File imports from GraphQL: the uploaded file's bytes in, the import report out."""

from __future__ import annotations

from hub.ids import from_global_id
from hub.interop.iati import IatiError
from hub.model import Visibility
from hub.services.iati_import import IatiImporter, Report
from hub.services.import_plan import ImportAborted
from hub.services import permissions
from resolvers.context import HubContext


async def import_iati(ctx: HubContext, upload, *, dry_run: bool, visibility: str,
                      owner_id: str | None) -> tuple[Report | None, str | None]:
    """(report, None), or (None, why the file was refused as a whole)."""
    permissions.require_admin(ctx.viewer, "only admins import files")  # before reading the upload
    owner_key = from_global_id(owner_id, "Actor", "ownerId")[1] if owner_id else None
    name = getattr(upload, "filename", None) or "upload.xml"
    data = await upload.read()
    try:
        report = await IatiImporter(ctx.reader.graph).import_file(
            data, name, ctx.viewer, visibility=Visibility(visibility), owner_key=owner_key, dry_run=dry_run)
    except (IatiError, ImportAborted) as error:
        return None, str(error)
    return report, None
