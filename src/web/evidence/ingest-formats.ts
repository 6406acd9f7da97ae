/**
 * The format names an upload may force (`format=`), offered as suggestions in the upload form. They mirror
 * FORMAT_NAMES of src/ingest/types.ts, which the web application may not import (layer rules);
 * ingest-formats.test.ts fails when the two differ. The server checks the name anyway (a 400 names the problem).
 */
export const INGEST_FORMAT_NAMES: readonly string[] = [
  'ecs-json',
  'json',
  'csv',
  'tsv',
  'syslog',
  'cef',
  'leef',
  'cloudtrail',
  'zeek-tsv',
  'zeek-json',
  'evtx',
  'windows-xml',
  'windows-json',
  'auditd',
  'web-access',
  'okta',
  'entra',
  'hayabusa-csv',
  'hayabusa-json',
  'chainsaw-json',
  'plaso-l2tcsv',
  'plaso-csv',
  'plaso-json',
  'timesketch-jsonl',
  'timesketch-csv',
  'velociraptor-jsonl',
  'iris-timeline-csv',
  'iris-case-json',
  'thehive-json',
];
