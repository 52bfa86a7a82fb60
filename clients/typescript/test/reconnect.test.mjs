// Reconnect against the real server: the process is killed (connections drop without a close handshake) or stopped
// gracefully (the gateway says `reconnect`, then closes with 1001), then started again on the same port. The
// client must reconnect, authenticate, resubscribe with `resume` at the last seq it received, and, since this
// server does not resume, surface a reset per stream before the fresh data: never a silent jump.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TickplantClient } from '../dist/index.js';
import { API_KEY, TickplantServer } from './server.mjs';
import { recordingSocket, until } from './support.mjs';

const server = new TickplantServer();

before(async () => {
  await server.start();
});

after(async () => {
  await server.close();
});

/** Reads `subscription` until `done(items)` holds; bounded. */
async function readUntil(subscription, done, timeoutMs = 90_000) {
  const items = [];
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`condition not met within ${timeoutMs} ms after ${items.length} items: `
        + JSON.stringify(items.slice(-4)))), timeoutMs);
  });
  try {
    while (!done(items)) {
      const item = await Promise.race([subscription.next(), timeout]);
      assert.notEqual(item, undefined, 'the subscription ended');
      items.push(item);
    }
    return items;
  } finally {
    clearTimeout(timer);
  }
}

const count = (items, type) => items.filter((m) => m.type === type).length;
const lastSeq = (items, type) => items.filter((m) => m.type === type).at(-1)?.seq;

/** After a restart: per channel, a reconnect reset, then at least `n` messages; checks each stream's continuity. */
function checkResumedStreams(items, before, n) {
  assert.equal(count(items, 'gap'), 0, 'no gap: the jump is reported as a reset');
  assert.equal(count(items, 'overflow'), 0);
  for (const channel of ['trade', 'depth']) {
    const stream = items.filter((m) => m.type === channel || (m.type === 'reset' && m.channel === channel));
    const reset = stream.findIndex((m) => m.type === 'reset');
    assert.ok(reset >= 0, `a reset for ${channel}`);
    const pre = stream.slice(0, reset);
    const post = stream.slice(reset + 1);
    const r = stream[reset];
    assert.equal(r.origin, 'reconnect');
    assert.equal(r.symbol, 'BTCUSDT');
    assert.equal(r.lastSeq, pre.length > 0 ? pre.at(-1).seq : before[channel], `${channel} reset names the last seq`);
    assert.ok(post.length >= n, `${channel}: ${post.length} messages after the reset`);
    assert.equal(post[0].seq, r.seq, 'the reset announces the seq of the fresh snapshot');
    assert.equal(r.missed, r.seq - r.lastSeq - 1);
    assert.ok(r.seq > r.lastSeq, 'a restarted server numbers above the old sequence');
    for (let i = 1; i < post.length; i++) {
      assert.equal(post[i].seq, post[i - 1].seq + 1 + (post[i].conflated ?? 0), `${channel} seq after the reset`);
    }
    for (let i = 1; i < pre.length; i++) {
      assert.equal(pre[i].seq, pre[i - 1].seq + 1 + (pre[i].conflated ?? 0), `${channel} seq before the drop`);
    }
  }
}

test('after the server dies or shuts down and comes back, the client resubscribes with resume and surfaces resets',
    { timeout: 400_000 }, async (t) => {
  const recording = recordingSocket();
  const client = new TickplantClient({
    url: server.url, apiKey: API_KEY, WebSocket: recording.WebSocket, reconnect: { minMs: 100, maxMs: 1000 },
  });
  const states = [];
  client.on('state', (s) => states.push(s));
  const errors = [];
  client.on('error', (e) => errors.push(e));
  await client.connect();
  const sub = await client.subscribe('BTCUSDT', { channels: ['trade', 'depth'] });
  assert.deepEqual(sub.channelsOf('BTCUSDT'), ['trade', 'depth']);
  let seen = await readUntil(sub, (items) => count(items, 'trade') >= 2 && count(items, 'depth') >= 2);
  assert.equal(count(seen, 'reset') + count(seen, 'gap'), 0);

  for (const [round, stop] of [['killed', () => server.kill()], ['stopped gracefully', () => server.stop()]]) {
    const sentBefore = recording.sent.length;
    const reconnectsBefore = client.stats.reconnects;
    await stop();
    await until(client, 'state', () => client.state === 'reconnecting', 30_000,
        `reconnecting after the server was ${round}`);
    await server.start();
    await until(client, 'state', () => client.state === 'open', 60_000, `open after the server was ${round}`);
    assert.ok(client.stats.reconnects > reconnectsBefore);

    const after = await readUntil(sub, (items) => ['trade', 'depth'].every((channel) => {
      const at = items.findIndex((m) => m.type === 'reset' && m.channel === channel);
      return at >= 0 && items.slice(at + 1).filter((m) => m.type === channel).length >= 3;
    }));
    // What the client had received before the drop: the queue is FIFO, so it is what came before the resets.
    const firstReset = after.findIndex((m) => m.type === 'reset');
    const all = [...seen, ...after.slice(0, firstReset)];
    const before = { trade: lastSeq(all, 'trade'), depth: lastSeq(all, 'depth') };

    const sent = recording.sent.slice(sentBefore);
    assert.deepEqual(JSON.parse(sent[0]), { type: 'auth', apiKey: API_KEY }, `${round}: authenticates again first`);
    const resubscribe = sent.filter((f) => f.includes('"subscribe"'));
    assert.equal(resubscribe.length, 1, `one resubscribe: ${resubscribe}`);
    assert.equal(resubscribe[0], '{"type":"subscribe","symbols":["BTCUSDT"],"channels":["trade","depth"],'
        + `"resume":{"BTCUSDT":{"trade":${before.trade},"depth":${before.depth}}}}`);
    checkResumedStreams(after, before, 3);
    t.diagnostic(`${round}: sent ${resubscribe[0]}; then ${JSON.stringify(after.filter((m) => m.type === 'reset'))}`);
    seen = after;
  }
  assert.ok(recording.received.some((f) => f.includes('"type":"reconnect"')), 'the graceful stop said reconnect');
  assert.deepEqual(states.filter((s, i) => s !== states[i - 1]),
      ['connecting', 'open', 'reconnecting', 'open', 'reconnecting', 'open']);
  assert.deepEqual(errors.filter((e) => e.code !== 'CHECKSUM_MISMATCH').map(String), []);
  assert.equal(client.stats.checksumFailures, 0);
  await client.close();
  assert.equal(client.state, 'closed');
});
