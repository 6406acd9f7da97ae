/**
 * Named field mappings for exports from the common security tools, so a user writes `--preset crowdstrike`
 * instead of many `--map`. A preset maps only the fields whose column differs from the usual names or that the
 * usual-name search would take from the wrong column; every other field is still found by the usual names
 * (normalize-generic.ts CANDIDATES), and `--map` given with `--preset` overrides the preset field by field.
 * The CSV and JSON parsers receive the merged mapping as `context.mapping`.
 */
import type { FieldMapping } from './field-mapping.js';

/** The preset names `--preset` takes. */
export const PRESET_NAMES = ['defender', 'sentinel', 'crowdstrike', 'splunk', 'elastic'] as const;
/** A preset name. */
export type PresetName = (typeof PRESET_NAMES)[number];

/** A named mapping: what it is for, the mapping, and the dataset to give events that name none. */
export interface MappingPreset {
  readonly description: string;
  readonly mapping: FieldMapping;
  readonly dataset?: string;
}

/**
 * The presets. Each lists the columns it reads; sources:
 * - defender: Microsoft Defender XDR advanced hunting schema (DeviceProcessEvents, DeviceNetworkEvents,
 *   DeviceFileEvents, DeviceLogonEvents), https://learn.microsoft.com/en-us/defender-xdr/advanced-hunting-schema-tables.
 *   FileName/FolderPath are read as the process, as DeviceProcessEvents means them; for DeviceFileEvents exports
 *   add `--map process.name=InitiatingProcessFileName`.
 * - sentinel: Azure Monitor Logs table reference, SecurityEvent and common columns (TimeGenerated, Computer, Type),
 *   https://learn.microsoft.com/en-us/azure/azure-monitor/reference/tables/securityevent
 * - crowdstrike: Falcon Data Replicator / Event Search field names (event_simpleName, aip, ComputerName,
 *   ImageFileName, ParentBaseFileName, LocalAddressIP4, RemoteAddressIP4, SHA256HashData; `timestamp` in epoch
 *   milliseconds), as in the Falcon Events Data Dictionary (behind the Falcon console login) and shown in
 *   https://www.ibm.com/docs/en/dsm?topic=replicator-crowdstrike-falcon-data-sample-event-message and
 *   https://www.elastic.co/docs/reference/integrations/crowdstrike
 * - splunk: search results exported from Splunk Web ("Export data using Splunk Web") or the REST API (`_time`,
 *   `_raw`, host, source, sourcetype),
 *   https://help.splunk.com/splunk-enterprise/search/search-manual/9.0/export-search-results/export-data-using-the-splunk-rest-api,
 *   with CIM field names (user, src, dest, src_port, dest_port, action, process, process_name, parent_process...),
 *   https://help.splunk.com/en/data-management/common-information-model/6.1/data-models/cim-fields-per-associated-data-model
 * - elastic: Kibana Discover CSV export, columns named by ECS field,
 *   https://www.elastic.co/guide/en/ecs/current/ecs-field-reference.html. Kibana writes dates in its display
 *   format (`Apr 10, 2024 @ 10:00:00.000`, see elastic/elasticsearch#55609) unless the advanced setting
 *   `dateFormat` is set to an ISO 8601 pattern before exporting; Debrief reads the ISO form.
 */
export const MAPPING_PRESETS: Readonly<Record<PresetName, MappingPreset>> = {
  defender: {
    description:
      'Microsoft Defender for Endpoint / Microsoft 365 Defender advanced hunting export (CSV or JSON): Timestamp, ' +
      'DeviceName, ActionType, AccountName, FileName, FolderPath, ProcessCommandLine, InitiatingProcess*, ' +
      'LocalIP, RemoteIP, RemotePort, RemoteUrl, SHA256',
    mapping: {
      timestamp: 'Timestamp',
      hostName: 'DeviceName',
      action: 'ActionType',
      userDomain: 'AccountDomain',
      processName: 'FileName',
      processCommandLine: 'ProcessCommandLine',
      processPid: 'ProcessId',
      processExecutable: 'FolderPath',
      parentName: 'InitiatingProcessFileName',
      parentPid: 'InitiatingProcessId',
      parentCommandLine: 'InitiatingProcessCommandLine',
      sourceIp: 'LocalIP',
      sourcePort: 'LocalPort',
      destinationIp: 'RemoteIP',
      destinationPort: 'RemotePort',
      filePath: 'FolderPath',
      fileHash: 'SHA256',
      url: 'RemoteUrl',
    },
    dataset: 'm365_defender.advanced_hunting',
  },
  sentinel: {
    description:
      'Microsoft Sentinel / Log Analytics query export (CSV or JSON): TimeGenerated, Computer, Account, EventID, ' +
      'Activity, IpAddress, IpPort, Process, CommandLine, NewProcessName, ParentProcessName; Type names the table',
    mapping: {
      timestamp: 'TimeGenerated',
      hostName: 'Computer',
      userName: 'Account',
      code: 'EventID',
      message: 'Activity',
      provider: 'EventSourceName',
      dataset: 'Type',
      sourceIp: 'IpAddress',
      sourcePort: 'IpPort',
      processName: 'Process',
      processCommandLine: 'CommandLine',
      processExecutable: 'NewProcessName',
      parentName: 'ParentProcessName',
    },
  },
  crowdstrike: {
    description:
      'CrowdStrike Falcon event stream, Falcon Data Replicator or Event Search export: timestamp (epoch ms), ' +
      'ComputerName, UserName, event_simpleName, CommandLine, ImageFileName, ParentBaseFileName, ' +
      'LocalAddressIP4, RemoteAddressIP4, RemotePort, SHA256HashData, aip',
    mapping: {
      hostName: 'ComputerName',
      hostIp: 'aip',
      userName: 'UserName',
      action: 'event_simpleName',
      processCommandLine: 'CommandLine',
      processExecutable: 'ImageFileName',
      processPid: 'RawProcessId',
      parentName: 'ParentBaseFileName',
      sourceIp: 'LocalAddressIP4',
      sourcePort: 'LocalPort',
      destinationIp: 'RemoteAddressIP4',
      destinationPort: 'RemotePort',
      fileHash: 'SHA256HashData',
      filePath: 'TargetFileName',
      dnsQuestion: 'DomainName',
    },
    dataset: 'crowdstrike.fdr',
  },
  splunk: {
    description:
      'Splunk search results exported as CSV or JSON: _time, host, source, sourcetype, _raw (the message) and CIM ' +
      'fields user, action, process, process_name, process_id, parent_process, parent_process_name, url, query ' +
      '(src_ip/src and dest_ip, src_port, dest_port are found by the usual names)',
    mapping: {
      timestamp: '_time',
      message: '_raw',
      hostName: 'host',
      provider: 'sourcetype',
      userName: 'user',
      action: 'action',
      outcome: 'action',
      processName: 'process_name',
      processCommandLine: 'process',
      processPid: 'process_id',
      parentName: 'parent_process_name',
      parentCommandLine: 'parent_process',
      url: 'url',
      dnsQuestion: 'query',
      fileHash: 'file_hash',
      filePath: 'file_path',
      code: 'signature_id',
    },
  },
  elastic: {
    description:
      'Kibana Discover CSV export (columns named by ECS field: @timestamp, host.name, event.action, user.name, ' +
      'source.ip, process.command_line...)',
    mapping: {
      timestamp: '@timestamp',
      message: 'message',
      kind: 'event.kind',
      category: 'event.category',
      type: 'event.type',
      action: 'event.action',
      outcome: 'event.outcome',
      code: 'event.code',
      provider: 'event.provider',
      dataset: 'event.dataset',
      severity: 'event.severity',
      hostName: 'host.name',
      hostIp: 'host.ip',
      userName: 'user.name',
      userDomain: 'user.domain',
      sourceIp: 'source.ip',
      sourcePort: 'source.port',
      destinationIp: 'destination.ip',
      destinationPort: 'destination.port',
      processName: 'process.name',
      processCommandLine: 'process.command_line',
      processPid: 'process.pid',
      processExecutable: 'process.executable',
      parentName: 'process.parent.name',
      parentPid: 'process.parent.pid',
      parentCommandLine: 'process.parent.command_line',
      filePath: 'file.path',
      fileHash: 'file.hash.sha256',
      dnsQuestion: 'dns.question.name',
    },
  },
};

/** Is `name` a preset name? */
export function isPresetName(name: string): name is PresetName {
  return (PRESET_NAMES as readonly string[]).includes(name);
}
