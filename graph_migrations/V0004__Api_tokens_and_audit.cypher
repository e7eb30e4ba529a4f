// API tokens are looked up by id; audit entries by the record they concern.
CREATE CONSTRAINT api_token_key IF NOT EXISTS FOR (t:ApiToken) REQUIRE t.key IS UNIQUE;
CREATE INDEX audit_record IF NOT EXISTS FOR (a:AuditEntry) ON (a.recordKey);
CREATE INDEX audit_at IF NOT EXISTS FOR (a:AuditEntry) ON (a.at);
