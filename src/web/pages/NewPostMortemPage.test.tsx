// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postMortemSchema } from '../../contract/post-mortem.schema.js';
import { errorAnswer, FakeServer } from '../testing/fake-server.js';
import { meAnswer, pageOf, summary } from '../testing/fixtures.js';
import { renderApp, whereIs } from '../testing/render-app.js';

let server: FakeServer;
const year = new Date().getUTCFullYear();

beforeEach(() => {
  server = new FakeServer().install();
  server.on('GET', '/api/auth/me', { body: meAnswer() });
  server.on('GET', '/api/post-mortems', {
    body: pageOf([
      summary({ id: `INC-${year}-009` }),
      summary({ id: `INC-${year}-012` }),
      summary({ id: 'INC-2001-900' }),
    ]),
  });
});

afterEach(() => {
  cleanup();
  server.uninstall();
});

describe('create page', () => {
  it('suggests the next id, posts a valid document with the CSRF token and opens the workspace', async () => {
    server.on('POST', '/api/post-mortems', (request) => ({
      status: 201,
      body: request.body,
      headers: { etag: '"1-abc"' },
    }));
    const { router } = renderApp('/new');
    const id = await screen.findByLabelText('Id');
    await waitFor(() => expect((id as HTMLInputElement).value).toBe(`INC-${year}-013`));
    fireEvent.change(screen.getByLabelText('Title'), {
      target: { value: 'Stolen laptop with customer data' },
    });
    fireEvent.change(screen.getByLabelText('Severity'), { target: { value: 'critical' } });
    fireEvent.click(screen.getByLabelText('Process'));
    fireEvent.click(screen.getByRole('button', { name: 'Create post-mortem' }));
    await waitFor(() => expect(whereIs(router)).toBe(`/post-mortems/INC-${year}-013`));
    const [post] = server.made('POST', '/api/post-mortems');
    expect(post?.headers['x-csrf-token']).toBe('csrf-123');
    const document = postMortemSchema.parse(post?.body);
    expect(document).toMatchObject({
      id: `INC-${year}-013`,
      title: 'Stolen laptop with customer data',
      severity: 'critical',
      types: ['technical', 'process'],
      status: 'draft',
    });
    expect(document.summary.whatHappened).toContain('Process:');
  });

  it('shows why the server refused (id taken)', async () => {
    server.on(
      'POST',
      '/api/post-mortems',
      errorAnswer(409, 'version_conflict', `post-mortem INC-${year}-013 exists.`),
    );
    const { router } = renderApp('/new');
    await waitFor(() => expect((screen.getByLabelText('Id') as HTMLInputElement).value).not.toBe(''));
    fireEvent.change(screen.getByLabelText('Title'), { target: { value: 'A title' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create post-mortem' }));
    expect((await screen.findByRole('alert')).textContent).toContain('exists. Choose another id.');
    expect(whereIs(router)).toBe('/new');
  });

  it('refuses a document without a type before sending it', async () => {
    server.on('POST', '/api/post-mortems', { status: 201, body: {} });
    renderApp('/new');
    await waitFor(() => expect((screen.getByLabelText('Id') as HTMLInputElement).value).not.toBe(''));
    fireEvent.change(screen.getByLabelText('Title'), { target: { value: 'A title' } });
    fireEvent.click(screen.getByLabelText('Technical'));
    fireEvent.click(screen.getByRole('button', { name: 'Create post-mortem' }));
    expect((await screen.findByRole('alert')).textContent).toContain('types');
    expect(server.made('POST', '/api/post-mortems')).toEqual([]);
  });
});
