// Imports find records again by the identifiers of their source: an IATI activity by its iati-identifier,
// an organisation by its IATI organisation identifier. Without these, every file scans every record.
CREATE INDEX initiative_iati_identifier IF NOT EXISTS FOR (n:Initiative) ON (n.iatiIdentifier);
CREATE INDEX actor_iati_org_ref IF NOT EXISTS FOR (n:Actor) ON (n.iatiOrgRef);
// A table row's initiative is found again by the reference built from its organisation, sector and activity.
CREATE INDEX initiative_import_ref IF NOT EXISTS FOR (n:Initiative) ON (n.importRef);
