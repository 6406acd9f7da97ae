/**
 * `debrief user`, `debrief token`, `debrief member` and `debrief audit`: accounts, API tokens, membership of
 * restricted post-mortems and the audit trail, for operators with access to the database (the same things the
 * admin routes of the API do). Passwords are never taken as arguments (shell history, process lists): accounts
 * get a one-time reset token to set their own, or read one from standard input with `--password-stdin`.
 */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { isScope, ROLE_DESCRIPTIONS, ROLES, type Scope } from '../../core/access.js';
import { csvRow } from '../../core/csv.js';
import { DomainError } from '../../core/errors.js';
import type { CliContext } from '../context.js';
import { ExitWith } from '../main.js';

const ROLE_HELP = ROLES.map((r) => `  ${r.padEnd(12)} ${ROLE_DESCRIPTIONS[r]}`).join('\n');

function scopesOption(value: string): Scope[] {
  const scopes = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const wrong = scopes.filter((s) => !isScope(s));
  if (scopes.length === 0 || wrong.length > 0) {
    throw new DomainError(
      'invalid_input',
      `--scope "${value}": use read, write or admin, separated by commas`,
    );
  }
  return scopes as Scope[];
}

function daysOption(value: string): number {
  if (!/^\d+$/.test(value))
    throw new DomainError('invalid_input', `--expires-in "${value}": a number of days`);
  return Number(value);
}

export function registerAccountCommands(program: Command, ctx: CliContext): void {
  const user = program
    .command('user')
    .description('accounts: add, list, change, disable, password reset tokens');

  user
    .command('add')
    .description('create an account; without --password-stdin it gets a one-time token to set its password')
    .argument('<username>', 'user name: lowercase letters, digits, dots, dashes, underscores or @')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--display-name <name>', 'the name shown to others (default: the user name)')
    .option('--email <address>', 'e-mail address (reminders, single sign-on matching)')
    .option(
      '--password-stdin',
      'read the password from standard input (12 characters or more, hard to guess: a passphrase of four or more words works)',
    )
    .option('--json', 'print the account (and the reset token) as JSON')
    .addHelpText(
      'after',
      `\nRoles:\n${ROLE_HELP}\n\nExample:\n  debrief user add alice --role lead --display-name "Alice Martin"\n  printf '%s' "$PASSWORD" | debrief user add bob --role analyst --password-stdin`,
    )
    .action(
      async (
        name: string,
        options: {
          role: string;
          displayName?: string;
          email?: string;
          passwordStdin?: boolean;
          json?: boolean;
        },
      ) => {
        const db = await ctx.database();
        const { createUser, issueResetToken } = await import('../../services/accounts.js');
        const password = options.passwordStdin
          ? (await ctx.readStdin(4096)).replace(/\r?\n$/, '')
          : undefined;
        const created = await createUser(
          db,
          {
            username: name,
            role: options.role,
            ...(options.displayName ? { displayName: options.displayName } : {}),
            ...(options.email ? { email: options.email } : {}),
            ...(password === undefined ? {} : { password }),
          },
          ctx.io.now(),
        );
        const reset =
          password === undefined ? await issueResetToken(db, created.id, ctx.io.now()) : undefined;
        if (options.json) {
          ctx.json({
            user: created,
            ...(reset ? { resetToken: reset.token, resetTokenExpiresAt: reset.expiresAt } : {}),
          });
          return;
        }
        ctx.out(`created ${created.username} (${created.role}, ${created.id})`);
        if (reset) {
          ctx.out(
            `one-time token to set the password (valid until ${reset.expiresAt}); give it to ${created.username}:`,
          );
          ctx.out(`  ${reset.token}`);
          ctx.out('they open /reset on the server (or POST /api/auth/reset) and choose a password.');
        }
      },
    );

  user
    .command('list')
    .description('list the accounts')
    .option('--json', 'print the accounts as JSON')
    .action(async (options: { json?: boolean }) => {
      const { listUsers } = await import('../../services/accounts.js');
      const users = await listUsers(await ctx.database());
      if (options.json) return ctx.json(users);
      if (users.length === 0)
        return ctx.out('no accounts yet: start the server for the setup token, or use "debrief user add"');
      for (const u of users) {
        ctx.out(
          `${u.username.padEnd(20)} ${u.role.padEnd(12)} ${u.disabled ? 'disabled' : 'active  '} ${u.signIn.join('+') || 'no sign-in yet'}  ${u.displayName}`,
        );
      }
    });

  user
    .command('modify')
    .description('change an account: role, display name, e-mail; disable or enable it (its sessions end)')
    .argument('<username>', 'user name or id')
    .option('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--display-name <name>', 'the name shown to others')
    .option('--email <address>', 'e-mail address ("" to remove it)')
    .option(
      '--disable',
      'disable the account: it can no longer sign in, its sessions and tokens stop working',
    )
    .option('--enable', 'enable a disabled account')
    .option('--json', 'print the account as JSON')
    .action(
      async (
        name: string,
        options: {
          role?: string;
          displayName?: string;
          email?: string;
          disable?: boolean;
          enable?: boolean;
          json?: boolean;
        },
      ) => {
        if (options.disable && options.enable)
          throw new DomainError('invalid_input', 'use --disable or --enable, not both');
        const { modifyUser } = await import('../../services/accounts.js');
        const changed = await modifyUser(
          await ctx.database(),
          name,
          {
            ...(options.role === undefined ? {} : { role: options.role }),
            ...(options.displayName === undefined ? {} : { displayName: options.displayName }),
            ...(options.email === undefined ? {} : { email: options.email }),
            ...(options.disable ? { disabled: true } : options.enable ? { disabled: false } : {}),
          },
          ctx.io.now(),
        );
        if (options.json) return ctx.json(changed);
        ctx.out(`${changed.username}: ${changed.role}, ${changed.disabled ? 'disabled' : 'active'}`);
      },
    );

  user
    .command('reset')
    .description('issue a one-time password reset token for an account (earlier ones stop working)')
    .argument('<username>', 'user name or id')
    .option('--json', 'print the token as JSON')
    .action(async (name: string, options: { json?: boolean }) => {
      const { issueResetToken } = await import('../../services/accounts.js');
      const issued = await issueResetToken(await ctx.database(), name, ctx.io.now());
      if (options.json)
        return ctx.json({ user: issued.user.username, token: issued.token, expiresAt: issued.expiresAt });
      ctx.out(`one-time reset token for ${issued.user.username} (valid until ${issued.expiresAt}):`);
      ctx.out(`  ${issued.token}`);
      ctx.out('they open /reset on the server (or POST /api/auth/reset) and choose a new password.');
    });

  user
    .command('link')
    .description(
      'link an account to a single sign-on identity by hand (providers that vouch for no e-mail address, such as Entra ID)',
    )
    .argument('<username>', 'user name or id')
    .requiredOption(
      '--subject <sub>',
      "the provider's subject for the person: the audit entry of their refused sign-in names it (actor oidc:SUBJECT)",
    )
    .option(
      '--issuer <url>',
      "the provider's issuer, exactly as it announces it (default: DEBRIEF_OIDC_ISSUER)",
    )
    .option('--json', 'print the account as JSON')
    .addHelpText(
      'after',
      '\nFind the subject after the person tried to sign in:\n' +
        '  debrief audit export --json | grep auth.oidc\n\n' +
        'Example:\n  debrief user link alice --subject 5P0qT7...x2 --issuer https://login.microsoftonline.com/TENANT/v2.0',
    )
    .action(async (name: string, options: { subject: string; issuer?: string; json?: boolean }) => {
      const issuer = options.issuer ?? ctx.io.env.DEBRIEF_OIDC_ISSUER;
      if (issuer === undefined || issuer.trim() === '')
        throw new DomainError(
          'invalid_input',
          'name the provider with --issuer URL (or set DEBRIEF_OIDC_ISSUER)',
        );
      const { linkSingleSignOn } = await import('../../services/match-oidc-account.js');
      const user = await linkSingleSignOn(
        await ctx.database(),
        name,
        { issuer, subject: options.subject },
        ctx.io.now(),
      );
      if (options.json) return ctx.json(user);
      ctx.out(
        `${user.username}: linked to ${issuer.trim()} subject ${options.subject.trim()}; they can sign in with it now`,
      );
    });

  user
    .command('unlink')
    .description('remove the single sign-on link of an account (it keeps its password, if it has one)')
    .argument('<username>', 'user name or id')
    .option('--json', 'print the account as JSON')
    .action(async (name: string, options: { json?: boolean }) => {
      const { linkSingleSignOn } = await import('../../services/match-oidc-account.js');
      const user = await linkSingleSignOn(await ctx.database(), name, null, ctx.io.now());
      if (options.json) return ctx.json(user);
      ctx.out(`${user.username}: single sign-on link removed`);
    });

  user
    .command('mfa-reset')
    .description(
      'remove the second factor (TOTP and recovery codes) of an account that lost its device; it signs in with its password alone until it enrols again',
    )
    .argument('<username>', 'user name or id')
    .option('--json', 'print the outcome as JSON')
    .action(async (name: string, options: { json?: boolean }) => {
      const { removeSecondFactor } = await import('../../services/second-factor.js');
      const result = await removeSecondFactor(await ctx.database(), name, ctx.io.now());
      if (options.json) return ctx.json({ user: result.username, removed: result.removed });
      ctx.out(
        result.removed
          ? `${result.username}: second factor removed; they sign in with the password and can enrol a new device`
          : `${result.username} had no second factor: nothing changed`,
      );
    });

  const token = program.command('token').description('API tokens: create, list, revoke');

  token
    .command('create')
    .description('create an API token for an account; the token is printed once and stored only as a hash')
    .requiredOption('--user <username>', 'the account the token acts as')
    .requiredOption('--name <name>', 'what the token is for (e.g. "SOAR webhook")')
    .option(
      '--scope <scopes>',
      'read, write or admin, comma-separated (the role still limits it)',
      scopesOption,
      ['read'] as Scope[],
    )
    .option('--expires-in <days>', 'days until it expires (default: never)', daysOption)
    .option('--json', 'print the token and its details as JSON')
    .addHelpText(
      'after',
      '\nUse it as: curl -H "Authorization: Bearer dbt_..." http://127.0.0.1:4319/api/post-mortems',
    )
    .action(
      async (options: { user: string; name: string; scope: Scope[]; expiresIn?: number; json?: boolean }) => {
        const { createApiToken } = await import('../../services/api-tokens.js');
        const created = await createApiToken(
          await ctx.database(),
          {
            user: options.user,
            name: options.name,
            scopes: options.scope,
            ...(options.expiresIn ? { expiresInDays: options.expiresIn } : {}),
          },
          ctx.io.now(),
        );
        if (options.json) return ctx.json({ token: created.token, apiToken: created.view });
        ctx.note(
          `token ${created.view.id} for ${created.view.user} (${created.view.scopes.join(', ')}${created.view.expiresAt ? `, expires ${created.view.expiresAt}` : ''}); it is shown only now:`,
        );
        ctx.out(created.token);
      },
    );

  token
    .command('list')
    .description('list API tokens (never their secrets)')
    .option('--user <username>', 'only this account’s tokens')
    .option('--json', 'print the tokens as JSON')
    .action(async (options: { user?: string; json?: boolean }) => {
      const { listApiTokens } = await import('../../services/api-tokens.js');
      const tokens = await listApiTokens(await ctx.database(), options.user);
      if (options.json) return ctx.json(tokens);
      if (tokens.length === 0) return ctx.out('no API tokens');
      for (const t of tokens) {
        const state = t.revokedAt
          ? `revoked ${t.revokedAt}`
          : t.expiresAt
            ? `expires ${t.expiresAt}`
            : 'no expiry';
        ctx.out(
          `${t.id}  ${t.user.padEnd(16)} ${t.scopes.join(',').padEnd(16)} ${state.padEnd(34)} last used ${t.lastUsedAt ?? 'never'}  ${t.name}`,
        );
      }
    });

  token
    .command('revoke')
    .description('revoke an API token: it stops working at once')
    .argument('<token-id>', 'the token id (the 12 characters after dbt_)')
    .action(async (id: string) => {
      const { revokeToken } = await import('../../services/api-tokens.js');
      const revoked = await revokeToken(await ctx.database(), id, ctx.io.now());
      ctx.out(`revoked ${revoked.id} (${revoked.name}, ${revoked.user})`);
    });

  const member = program
    .command('member')
    .description('membership of post-mortems: restricted ones are visible to their members only');

  member
    .command('add')
    .description('make an account a member of a post-mortem')
    .argument('<id>', 'post-mortem id')
    .argument('<username>', 'user name or id')
    .action(async (id: string, name: string) => {
      const { addPostMortemMember } = await import('../../services/access.js');
      const result = await addPostMortemMember(
        await ctx.database(),
        id,
        name,
        `cli:${ctx.actor}`,
        ctx.io.now(),
      );
      ctx.out(
        result.added
          ? `${result.user.username} is now a member of ${id}`
          : `${result.user.username} was already a member of ${id}`,
      );
    });

  member
    .command('remove')
    .description('remove an account from a post-mortem’s members')
    .argument('<id>', 'post-mortem id')
    .argument('<username>', 'user name or id')
    .action(async (id: string, name: string) => {
      const { removePostMortemMember } = await import('../../services/access.js');
      const removed = await removePostMortemMember(await ctx.database(), id, name);
      ctx.out(`${removed.username} is no longer a member of ${id}`);
    });

  member
    .command('list')
    .description('list the members of a post-mortem')
    .argument('<id>', 'post-mortem id')
    .option('--json', 'print the members as JSON')
    .action(async (id: string, options: { json?: boolean }) => {
      const { listMembers } = await import('../../services/access.js');
      const members = await listMembers(await ctx.database(), id);
      if (options.json) return ctx.json(members);
      if (members.length === 0) return ctx.out(`${id} has no members`);
      for (const m of members)
        ctx.out(`${m.username.padEnd(20)} ${m.role.padEnd(12)} added ${m.addedAt} by ${m.addedBy}`);
    });

  const audit = program
    .command('audit')
    .description('the audit trail: every write, refused request and restricted read, hash-chained');

  audit
    .command('verify')
    .description('re-hash the whole trail; exit code 1 when an entry was altered, inserted or deleted')
    .option('--json', 'print the result as JSON')
    .action(async (options: { json?: boolean }) => {
      const { verifyAudit } = await import('../../services/audit.js');
      const result = await verifyAudit(await ctx.database());
      if (options.json) ctx.json(result);
      else if (result.intact) ctx.out(`audit trail intact: ${result.entries} entries chain correctly`);
      else {
        ctx.out(`audit trail BROKEN: ${result.findings.length} problem(s) in ${result.entries} entries`);
        for (const f of result.findings) ctx.out(`  ${f.message}`);
      }
      if (!result.intact) throw new ExitWith(1);
    });

  audit
    .command('export')
    .description(
      'export the trail for auditors, oldest first, with each entry’s hash so it can be re-verified',
    )
    .option('--format <format>', 'jsonl or csv', 'jsonl')
    .option('--post-mortem <id>', 'only the entries about one post-mortem')
    .option('--from <instant>', 'entries at or after this time (ISO 8601)')
    .option('--to <instant>', 'entries before this time (ISO 8601)')
    .option('-o, --output <file>', 'write to a file instead of standard output')
    .action(
      async (options: {
        format: string;
        postMortem?: string;
        from?: string;
        to?: string;
        output?: string;
      }) => {
        if (options.format !== 'jsonl' && options.format !== 'csv') {
          throw new DomainError('invalid_input', `--format ${options.format}: use jsonl or csv`);
        }
        const { auditEntries } = await import('../../services/audit.js');
        const lines: string[] = [];
        if (options.format === 'csv') {
          lines.push(
            csvRow([
              'seq',
              'at',
              'actor',
              'action',
              'target',
              'post_mortem',
              'source',
              'outcome',
              'details',
              'prev_hash',
              'hash',
            ]),
          );
        }
        let count = 0;
        for await (const e of auditEntries(await ctx.database(), {
          ...(options.postMortem ? { postMortemId: options.postMortem } : {}),
          ...(options.from ? { from: options.from } : {}),
          ...(options.to ? { to: options.to } : {}),
        })) {
          count += 1;
          lines.push(
            options.format === 'csv'
              ? csvRow([
                  e.seq,
                  e.at,
                  e.actor,
                  e.action,
                  e.target,
                  e.postMortemId,
                  e.source,
                  e.outcome,
                  JSON.stringify(e.details),
                  e.prevHash,
                  e.hash,
                ])
              : JSON.stringify(e),
          );
        }
        const text = lines.length === 0 ? '' : `${lines.join('\n')}\n`;
        if (options.output) {
          await writeFile(ctx.path(options.output), text);
          ctx.note(`wrote ${count} audit entries to ${options.output}`);
        } else ctx.io.stdout(text);
      },
    );
}
