/**
 * A minimal GitHub for tracker tests: issues of `acme/sec`, created closed as completed (so a pull moves the
 * recommendation forward); the service tests cover the rest of the protocol.
 */
import { createServer, type Server } from 'node:http';

interface Issue {
  number: number;
  title: string;
  body: string;
  state: string;
  state_reason: string | null;
}

export function fakeGithub(): { server: Server; created: { title: string }[] } {
  const issues: Issue[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      const send = (status: number, value: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
      const view = (i: Issue) => ({ ...i, html_url: `https://github.example/acme/sec/issues/${i.number}` });
      const m = /^\/repos\/acme\/sec\/issues(?:\/(\d+))?/.exec(req.url ?? '');
      if (!m) return send(404, { message: 'Not Found' });
      if (req.method === 'POST') {
        const input = JSON.parse(body) as { title: string; body: string };
        const issue = { number: issues.length + 1, ...input, state: 'closed', state_reason: 'completed' };
        issues.push(issue);
        return send(201, view(issue));
      }
      if (m[1]) return send(200, view(issues[Number(m[1]) - 1] as Issue));
      return send(200, issues.map(view));
    });
  });
  return { server, created: issues };
}
