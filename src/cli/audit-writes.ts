/**
 * The CLI's writes go into the audit trail like the server's: who (`cli:` and the operating-system account or
 * DEBRIEF_ACTOR), which command, with which arguments (option values that could be secrets are left out), and
 * whether it succeeded. Only commands that change stored data are recorded, and only once they opened the database.
 */
import type { Command } from 'commander';
import type { CliContext } from './context.js';

/** Commands that change the database (by their path). `attack mitigations` writes only with `--add`. */
export const CLI_WRITES: ReadonlySet<string> = new Set([
  'import',
  'action update',
  'evidence add',
  'evidence verify',
  'ingest',
  'event star',
  'event tag',
  'event promote',
  'ioc scan',
  'ioc import',
  'ioc allow add',
  'ioc allow remove',
  'attack load',
  'attack mitigations',
  'sigma load',
  'sigma run',
  'track push',
  'track pull',
  'review submit',
  'review approve',
  'review request-changes',
  'review waive',
  'review publish',
  'review reopen',
  'notify channel add',
  'notify channel remove',
  'notify run',
  'db migrate',
  'restore',
  'user add',
  'user modify',
  'user reset',
  'user mfa-reset',
  'user link',
  'user unlink',
  'token create',
  'token revoke',
  'member add',
  'member remove',
]);

/** The path of the command that ran (`ioc allow add`). */
export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

const SECRET_OPTION = /password|token|secret|key/i;

/** Arguments as recorded: options whose name suggests a secret keep their name, not their value. */
export function recordedArgs(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [name, inline] = arg.split('=', 2);
    if (name?.startsWith('--') && SECRET_OPTION.test(name) && !name.endsWith('-stdin')) {
      out.push(inline === undefined ? name : `${name}=[redacted]`);
      if (inline === undefined && argv[i + 1] !== undefined && !argv[i + 1]?.startsWith('-')) {
        out.push('[redacted]');
        i += 1;
      }
    } else out.push(arg);
  }
  return out;
}

/** Records a CLI write once the command ended (ok or failed); a failure to record is reported, not fatal. */
export async function auditCliWrite(
  ctx: CliContext,
  path: string | undefined,
  argv: readonly string[],
  outcome: 'ok' | 'failed',
  postMortemId?: string,
): Promise<void> {
  if (path === undefined || !CLI_WRITES.has(path)) return;
  if (path === 'attack mitigations' && !argv.includes('--add')) return;
  const db = await ctx.openedDatabase().catch(() => undefined);
  if (db === undefined) return;
  try {
    const { appendAudit } = await import('../services/audit.js');
    await appendAudit(db, {
      at: ctx.io.now(),
      actor: `cli:${ctx.actor}`,
      action: `cli ${path}`,
      ...(postMortemId ? { postMortemId } : {}),
      source: 'cli',
      outcome,
      details: { args: recordedArgs(argv) },
    });
  } catch (error) {
    ctx.note(`debrief: warning: the audit trail could not record this command: ${(error as Error).message}`);
  }
}
