"""`hub export iati`: initiatives as IATI activity XML 2.03."""

from __future__ import annotations

NAME = "iati"


def register(formats):
    from hub.commands.export import scope_arguments

    parser = formats.add_parser(NAME, help="initiatives as IATI activity XML 2.03")
    scope_arguments(parser)
    parser.add_argument("--reporting-org-ref", default="XX-COORDINATION-HUB",
                        help="IATI organisation identifier of the publisher (the hub's operator)")
    parser.add_argument("--reporting-org-name", default="Coordination hub", help="the publisher's name")
    return _export


def _export(args, settings) -> int:
    from hub.commands.export import run
    from hub.interop.iati_export import Reporter
    from hub.services import export

    reporter = Reporter(ref=args.reporting_org_ref, name=args.reporting_org_name)
    return run(args, settings, lambda hub, viewer, scope: export.iati(hub.reader, viewer, scope, reporter))
