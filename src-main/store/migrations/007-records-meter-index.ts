export default {
  version: 7,
  name: 'records: readings by meter',
  sql: `
-- GET /v1/meter-readings?meter_id=… reads one meter's readings: an index on the
-- stored reference (readings only have it at the top level), in seq order, so
-- such a page is one index range at any depth like the other filters.
CREATE INDEX records_meter ON records (connection_id, entity, json_extract(data, '$.meter_id'), seq)
  WHERE json_extract(data, '$.meter_id') IS NOT NULL;
`,
};
