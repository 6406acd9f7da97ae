/**
 * The names of the formats Debrief reads, as `debrief ingest --format` and the upload route's `format=` take them
 * (`auto` detects one from the content). In core so the ingest pipeline and the web application's upload form
 * share one list.
 */

/** Every format Debrief reads. `auto` detects one from the content. */
export const FORMAT_NAMES = [
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
] as const;
