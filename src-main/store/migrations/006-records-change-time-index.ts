export default {
  version: 6,
  name: 'records: the change-time index carries seq',
  sql: `
-- updated_after pages are ordered by (updated_at, seq) and continue from a
-- cursor holding both: with seq in the index, such a page is one index range
-- read in order, at any depth, instead of every later change sorted.
DROP INDEX records_updated;
CREATE INDEX records_updated ON records (connection_id, entity, updated_at, seq);
`,
};
