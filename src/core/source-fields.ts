/**
 * The fields of a record as its source wrote them, beside the normalized event: what rules written against the
 * source's own names (Sigma) read. Windows events keep their System values and EventData names; JSON records keep
 * their object. Parsers attach them by reference (no copy), and nothing stores them: rules that need them re-read
 * the evidence.
 */
import type { AuditRecord } from './normalize-auditd.js';
import type { WindowsEvent } from './normalize-windows.js';

/** A record's own fields. */
export type SourceFields =
  | { readonly kind: 'windows'; readonly event: WindowsEvent }
  /** The records of one Linux audit event (SYSCALL, EXECVE, CWD, PATH...). */
  | { readonly kind: 'audit'; readonly records: readonly AuditRecord[] }
  | { readonly kind: 'object'; readonly value: Readonly<Record<string, unknown>> };
