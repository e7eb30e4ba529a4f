// A create or link sent with a clientMutationId leaves a receipt, written in the write's own transaction;
// the unique key makes two hub processes racing on the same key store one write, not two.
CREATE CONSTRAINT mutation_receipt_key IF NOT EXISTS FOR (r:MutationReceipt) REQUIRE r.key IS UNIQUE;
CREATE INDEX mutation_receipt_at IF NOT EXISTS FOR (r:MutationReceipt) ON (r.at);
