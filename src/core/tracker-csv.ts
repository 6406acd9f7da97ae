/**
 * Recommendations as the CSV files that issue trackers bulk-import: Jira, Trello, Asana and monday.com
 * (docs/follow-through.md, "Exporting to trackers"). Every cell goes through `csvRow`, so a title such as
 * `=HYPERLINK(...)` reaches the tracker's spreadsheet preview neutralized, never as a formula.
 *
 * Each row carries a reference back to Debrief (`INC-2026-014 / R-03`) in its description, and as a label or tag
 * where the tool has them, so a second import of the same recommendations is recognisable.
 */
import { csvRow } from './csv.js';
import type { Priority, RecommendationStatus } from './vocabulary.js';

/** The trackers whose CSV import we write. */
export const TRACKER_FORMATS = ['jira', 'trello', 'asana', 'monday'] as const;
/** A tracker whose CSV import we write. */
export type TrackerFormat = (typeof TRACKER_FORMATS)[number];

/** One recommendation to export, with its post-mortem (the fields of `debrief actions` plus the description). */
export interface TrackerAction {
  readonly postMortem: string;
  readonly postMortemTitle: string;
  /** The recommendation id, e.g. `R-03`. */
  readonly id: string;
  readonly title: string;
  readonly description: string | null;
  readonly status: RecommendationStatus;
  readonly priority: Priority;
  /** The owner as written (a person id or a team name), the person's name, and their e-mail when known. */
  readonly owner: string | null;
  readonly ownerName: string | null;
  readonly ownerEmail: string | null;
  /** Due date, `YYYY-MM-DD`. */
  readonly due: string | null;
  /** The work item already tracking it, if any (it is named in the description). */
  readonly tracker: { readonly system: string; readonly key: string; readonly url?: string } | null;
}

export interface TrackerCsvOptions {
  /** Where Debrief is served (e.g. `https://debrief.example.org`): each description links to the post-mortem. */
  readonly baseUrl?: string;
}

/**
 * Where each status lands on a tracker's board. Trackers know "to do", "in progress" and "done"; Debrief's finer
 * lifecycle (a `done` action still has to be verified; `rejected` and `risk-accepted` close it without the work)
 * is kept word for word in every description.
 */
const BOARD_STAGE: Readonly<Record<RecommendationStatus, 'to-do' | 'in-progress' | 'done'>> = {
  proposed: 'to-do',
  accepted: 'to-do',
  'in-progress': 'in-progress',
  done: 'done',
  verified: 'done',
  'risk-accepted': 'done',
  rejected: 'done',
};

/** Jira's default workflow statuses (the importer maps other names to the project's workflow). */
export const JIRA_STATUS = { 'to-do': 'To Do', 'in-progress': 'In Progress', done: 'Done' } as const;
/** Trello's default lists of a new board. */
export const TRELLO_LIST = { 'to-do': 'To Do', 'in-progress': 'Doing', done: 'Done' } as const;
/** The sections of Asana's board-project template. */
export const ASANA_SECTION = { 'to-do': 'To do', 'in-progress': 'Doing', done: 'Done' } as const;
/** The labels of monday.com's default Status column. */
export const MONDAY_STATUS = {
  'to-do': 'Not Started',
  'in-progress': 'Working on it',
  done: 'Done',
} as const;

/** Jira's default priority scheme (Highest, High, Medium, Low, Lowest). */
export const JIRA_PRIORITY: Readonly<Record<Priority, string>> = {
  critical: 'Highest',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
};
/** Asana and monday.com priorities: a single-select field and a status column; the importers add missing options. */
export const TRACKER_PRIORITY: Readonly<Record<Priority, string>> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
};

/** Jira's Summary field holds at most 255 characters; the importer rejects a longer one. */
const JIRA_SUMMARY_LENGTH = 255;
/** The issue type every action is imported as; Task exists in every Jira project template. */
const JIRA_ISSUE_TYPE = 'Task';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

type Cell = string | null;

/** The header row of a format, as the tool's importer names its fields. */
export const TRACKER_HEADERS: Readonly<Record<TrackerFormat, readonly string[]>> = {
  // Jira imports several values into one field from repeated columns of the same name.
  jira: [
    'Summary',
    'Issue Type',
    'Status',
    'Priority',
    'Due Date',
    'Assignee',
    'Description',
    'Labels',
    'Labels',
  ],
  // The column names of Trello's own CSV export.
  trello: ['Card Name', 'Card Description', 'List Name', 'Labels', 'Members', 'Due Date'],
  // Asana's importer wants Name, Description, Section and Assignee first, in this order.
  asana: ['Name', 'Description', 'Section', 'Assignee', 'Due Date', 'Tags', 'Priority'],
  // monday.com names each item from the first column.
  monday: ['Name', 'Status', 'Person', 'Date', 'Priority', 'Description', 'Reference'],
};

/** The reference back to Debrief that every exported action carries: `INC-2026-014 / R-03`. */
export function trackerReference(action: Pick<TrackerAction, 'postMortem' | 'id'>): string {
  return `${action.postMortem} / ${action.id}`;
}

/**
 * The description of a work item: the reference first (so the cell never starts with the recommendation's own
 * text, which could look like a formula and be altered), Debrief's exact status, then the recommendation's text.
 */
function description(action: TrackerAction, options: TrackerCsvOptions): string {
  const owner = action.ownerName ?? action.owner;
  const lines = [
    `Debrief ${trackerReference(action)}: ${action.postMortemTitle}`,
    `Status in Debrief: ${action.status}; priority: ${action.priority}${owner ? `; owner: ${owner}` : ''}`,
  ];
  if (options.baseUrl)
    lines.push(
      `${options.baseUrl.replace(/\/+$/, '')}/post-mortems/${encodeURIComponent(action.postMortem)}`,
    );
  if (action.tracker)
    lines.push(
      `Already tracked in ${action.tracker.system}: ${action.tracker.key}${action.tracker.url ? ` (${action.tracker.url})` : ''}`,
    );
  return action.description ? `${lines.join('\n')}\n\n${action.description}` : lines.join('\n');
}

/** A title on one line: names and summaries cannot hold line breaks. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Jira's importer default date format, `dd/MMM/yy h:mm a`: 2026-06-30 → `30/Jun/26 12:00 AM`. */
export function jiraDate(date: string): string {
  const [year, month, day] = date.split('-');
  return `${day}/${MONTHS[Number(month) - 1]}/${year?.slice(2)} 12:00 AM`;
}

/** Asana's importer date format, `MM/DD/YYYY`. */
export function asanaDate(date: string): string {
  const [year, month, day] = date.split('-');
  return `${month}/${day}/${year}`;
}

/** The person a tracker can match: the e-mail when known (importers match accounts by it), else the name. */
function assignee(action: TrackerAction): Cell {
  return action.ownerEmail ?? action.ownerName ?? action.owner;
}

function row(format: TrackerFormat, action: TrackerAction, options: TrackerCsvOptions): readonly Cell[] {
  const stage = BOARD_STAGE[action.status];
  const title = oneLine(action.title);
  const text = description(action, options);
  switch (format) {
    case 'jira':
      return [
        title.length > JIRA_SUMMARY_LENGTH ? `${title.slice(0, JIRA_SUMMARY_LENGTH - 1)}…` : title,
        JIRA_ISSUE_TYPE,
        JIRA_STATUS[stage],
        JIRA_PRIORITY[action.priority],
        action.due === null ? null : jiraDate(action.due),
        assignee(action),
        text,
        // Jira labels cannot hold spaces; post-mortem ids have none (letters, digits, ".", "_", "-").
        'debrief',
        action.postMortem,
      ];
    case 'trello':
      return [
        title,
        text,
        TRELLO_LIST[stage],
        ['debrief', action.postMortem, `priority: ${action.priority}`].join(', '),
        assignee(action),
        action.due,
      ];
    case 'asana':
      return [
        title,
        text,
        ASANA_SECTION[stage],
        assignee(action),
        action.due === null ? null : asanaDate(action.due),
        // Asana separates several values in one cell with commas and no spaces.
        ['debrief', action.postMortem].join(','),
        TRACKER_PRIORITY[action.priority],
      ];
    case 'monday':
      return [
        title,
        MONDAY_STATUS[stage],
        assignee(action),
        action.due,
        TRACKER_PRIORITY[action.priority],
        text,
        trackerReference(action),
      ];
    default:
      return format satisfies never;
  }
}

/**
 * The CSV file a tracker imports: header row first, one row per action, CRLF line ends (RFC 4180), UTF-8
 * without a byte-order mark (none of the four importers needs one).
 */
export function trackerCsv(
  format: TrackerFormat,
  actions: readonly TrackerAction[],
  options: TrackerCsvOptions = {},
): string {
  const lines = [csvRow(TRACKER_HEADERS[format]), ...actions.map((a) => csvRow(row(format, a, options)))];
  return `${lines.join('\r\n')}\r\n`;
}

/** Whether a text names a format we write (for validating a command-line value). */
export function isTrackerFormat(value: string): value is TrackerFormat {
  return (TRACKER_FORMATS as readonly string[]).includes(value);
}
