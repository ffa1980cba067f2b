import { expect } from '@open-wc/testing';
import { http, HttpResponse, delay } from 'msw';
import { createMockFetch } from './mock-fetch.js';

describe('createMockFetch', () => {
  const handlers = [
    http.get('/ok', () => HttpResponse.json({ ok: true })),
    http.post('/echo', async ({ request }) => HttpResponse.json(await request.json(), { status: 201 })),
    http.get('/down', () => HttpResponse.error()),
    http.get('/slow', async () => {
      await delay(500);
      return HttpResponse.json({ late: true });
    }),
    http.get('https://api.example.org/absolute', () => HttpResponse.text('absolute')),
  ];
  const mockFetch = createMockFetch(handlers);

  it('answers from the handlers, for relative and absolute URLs, with request bodies', async () => {
    expect(await (await mockFetch('/ok')).json()).to.deep.equal({ ok: true });
    const echo = await mockFetch('/echo', { method: 'POST', body: JSON.stringify({ a: 1 }), headers: { 'Content-Type': 'application/json' } });
    expect(echo.status).to.equal(201);
    expect(await echo.json()).to.deep.equal({ a: 1 });
    expect(await (await mockFetch(new URL('https://api.example.org/absolute'))).text()).to.equal('absolute');
    expect(await (await mockFetch(new Request(new URL('/ok', location.href)))).json()).to.deep.equal({ ok: true });
  });

  it('answers 404 when no handler matches', async () => {
    expect((await mockFetch('/nothing')).status).to.equal(404);
  });

  it('rejects with a TypeError for HttpResponse.error(), like a network failure', async () => {
    let error: unknown;
    try {
      await mockFetch('/down');
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(TypeError);
  });

  it('rejects with the AbortError when the signal aborts, before or during the request', async () => {
    const before = new AbortController();
    before.abort();
    const during = new AbortController();
    const pending = mockFetch('/slow', { signal: during.signal });
    setTimeout(() => during.abort(), 10);
    for (const promise of [mockFetch('/ok', { signal: before.signal }), pending]) {
      let error: unknown;
      try {
        await promise;
      } catch (e) {
        error = e;
      }
      expect((error as DOMException).name).to.equal('AbortError');
    }
  });
});
