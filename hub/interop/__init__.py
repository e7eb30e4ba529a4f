"""Reading the field's published data formats (IATI activity XML, ...) into plain records for the importers."""
