// Against the real server (the jar with its embedded simulators on loopback): snapshot then live data with
// consecutive seq, exact price strings, depth checksums, typed errors, batched mode and a clean shutdown.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, test } from 'node:test';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AuthError, ChecksumError, TickplantClient, UnknownSymbolError, depthChecksum, parseExact,
} from '../dist/index.js';
import { API_KEY, TickplantServer } from './server.mjs';
import { recordingSocket, take, until } from './support.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const server = new TickplantServer();
const clients = [];

before(async () => {
  await server.start();
});

after(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await server.close();
});

async function connected(options = {}) {
  const client = new TickplantClient({ url: server.url, apiKey: API_KEY, ...options });
  clients.push(client);
  await client.connect();
  return client;
}

async function priceScale(symbol) {
  const response = await fetch(`${server.httpUrl}/api/v1/instruments/${encodeURIComponent(symbol)}`, {
    headers: { Authorization: `Bearer ${API_KEY}` },
  });
  assert.equal(response.status, 200);
  return (await response.json()).priceScale;
}

function decimals(text) {
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

test('subscribe gives the confirmation, then the snapshot, then live ticks with consecutive seq', async () => {
  const client = await connected();
  const order = [];
  client.on('message', (msg) => {
    if (msg.symbol === 'EURUSD' || (msg.symbols ?? []).includes('EURUSD')) {
      order.push(msg.type);
    }
  });
  const sub = await client.subscribe('EURUSD');
  assert.deepEqual(sub.symbols, ['EURUSD']);
  assert.deepEqual(sub.rejected, []);
  const items = await take(sub, 25);
  assert.equal(order[0], 'subscribed', 'the confirmation precedes the first tick');
  for (const item of items) {
    assert.equal(item.type, 'tick', `only ticks, no gap or reset: ${JSON.stringify(item)}`);
    assert.equal(item.symbol, 'EURUSD');
  }
  for (let i = 1; i < items.length; i++) {
    assert.equal(items[i].seq, items[i - 1].seq + 1 + (items[i].conflated ?? 0), `seq ${items[i].seq} after ${items[i - 1].seq}`);
  }
  assert.equal(client.stats.gaps, 0);
  assert.equal(client.stats.duplicates, 0);
  await sub.unsubscribe();
  assert.equal(sub.active, false);
  assert.equal(await sub.next(), undefined, 'an unsubscribed subscription ends its iteration');
});

test('prices and sizes are the exact strings the server sent, at the instrument precision', async () => {
  const recording = recordingSocket();
  const client = await connected({ WebSocket: recording.WebSocket });
  const scale = await priceScale('EURUSD');
  const ticks = await take(await client.subscribe('EURUSD'), 10);
  const trades = await take(await client.subscribe('BTCUSDT', { channel: 'trade' }), 3, { timeoutMs: 60_000 });
  for (const tick of ticks) {
    for (const field of ['bid', 'ask', 'price']) {
      assert.equal(typeof tick[field], 'string', `${field} of ${JSON.stringify(tick)}`);
      assert.equal(decimals(tick[field]), scale, `${field} ${tick[field]} at priceScale ${scale}`);
    }
    const raw = recording.received.find((frame) => frame.includes(`"seq":${tick.seq},`) && frame.includes('"EURUSD"'));
    assert.ok(raw, `the frame of tick seq ${tick.seq}`);
    assert.ok(raw.includes(`"bid":${tick.bid},`) && raw.includes(`"ask":${tick.ask},`),
        `${tick.bid}/${tick.ask} exactly as in ${raw}`);
  }
  for (const trade of trades) {
    assert.equal(trade.type, 'trade');
    assert.equal(typeof trade.price, 'string');
    assert.equal(typeof trade.size, 'string');
    const raw = recording.received.find((frame) => frame.includes(`"tradeId":${JSON.stringify(trade.tradeId)}`));
    assert.ok(raw.includes(`"price":${trade.price},"size":${trade.size},`), `${trade.price} x ${trade.size} in ${raw}`);
  }
});

test('depth messages from the server pass checksum verification over their exact level texts', async () => {
  const client = await connected();
  const sub = await client.subscribe('BTCUSDT', { channel: 'depth', levels: 5 });
  const images = await take(sub, 20, { timeoutMs: 60_000 });
  for (const depth of images) {
    assert.equal(depth.type, 'depth', JSON.stringify(depth));
    assert.ok(depth.bids.length > 0 && depth.bids.length <= 5);
    assert.equal(depthChecksum(depth.bids, depth.asks), depth.checksum);
    for (const [price, size] of [...depth.bids, ...depth.asks]) {
      assert.match(price, /^\d+\.\d+$/);
      assert.match(size, /^\d+\.\d+$/);
    }
  }
  for (let i = 1; i < images.length; i++) {
    assert.equal(images[i].seq, images[i - 1].seq + 1 + (images[i].conflated ?? 0));
  }
  assert.equal(client.stats.checksumFailures, 0);
});

test('a depth message altered in transit is withheld and reported as a ChecksumError', async () => {
  const recording = recordingSocket();
  const client = await connected({ WebSocket: recording.WebSocket });
  let tampered;
  recording.state.rewrite = (text) => {
    if (tampered === undefined && text.startsWith('{"type":"depth"')) {
      // Change the first bid's size by one digit; the message stays valid JSON.
      const altered = text.replace(/("bids":\[\[[\d.]+,[\d.]*?)(\d)\]/,
          (_, head, digit) => head + ((+digit + 1) % 10) + ']');
      assert.notEqual(altered, text);
      tampered = parseExact(altered).seq;
      return altered;
    }
    return text;
  };
  const errors = [];
  client.on('error', (err) => errors.push(err));
  const sub = await client.subscribe('BTCUSDT', { channel: 'depth', levels: 3 });
  const images = await take(sub, 4, { timeoutMs: 60_000 });
  assert.ok(tampered !== undefined, 'a depth frame was altered');
  assert.equal(errors.length, 1);
  assert.ok(errors[0] instanceof ChecksumError);
  assert.equal(errors[0].code, 'CHECKSUM_MISMATCH');
  assert.equal(errors[0].seq, tampered);
  assert.ok(images.every((d) => d.type === 'depth' && d.seq !== tampered), 'the altered image is not delivered');
  assert.equal(images[0].seq, tampered + 1 + (images[0].conflated ?? 0), 'the next image follows without a gap event');
  assert.equal(client.stats.checksumFailures, 1);
});

test('a frame repeated in transit is dropped as a duplicate and a frame lost in transit shows as a gap', async () => {
  const recording = recordingSocket();
  const client = await connected({ WebSocket: recording.WebSocket });
  const ticks = [];
  let repeated;
  let lost;
  recording.state.rewrite = (text) => {
    if (!text.startsWith('{"type":"tick"')) {
      return text;
    }
    ticks.push(text);
    if (ticks.length === 3) {
      repeated = parseExact(text).seq;
      return [text, text];
    }
    if (ticks.length === 6) {
      lost = parseExact(text).seq;
      return [];
    }
    return text;
  };
  const duplicates = [];
  client.on('duplicate', (d) => duplicates.push(d));
  const sub = await client.subscribe('EURUSD');
  const items = await take(sub, 8);
  assert.deepEqual(duplicates, [{ symbol: 'EURUSD', channel: 'tick', seq: repeated, lastSeq: repeated }]);
  assert.equal(items.filter((m) => m.seq === repeated).length, 1, 'the repeated tick is delivered once');
  const gap = items.findIndex((m) => m.type === 'gap');
  assert.ok(gap > 0, JSON.stringify(items));
  assert.deepEqual(items[gap],
      { type: 'gap', symbol: 'EURUSD', channel: 'tick', expectedSeq: lost, seq: lost + 1, missed: 1 });
  assert.equal(items[gap - 1].seq, lost - 1);
  assert.equal(items[gap + 1].seq, lost + 1, 'the message after the gap is delivered');
  assert.equal(client.stats.gaps, 1);
  assert.equal(client.stats.duplicates, 1);
});

test('a full receive queue drops the oldest ticks, counts them and says so where the loss is', async () => {
  const client = await connected();
  const seqs = [];
  client.on('message', (msg) => {
    if (msg.type === 'tick' && msg.symbol === 'EURUSD') {
      seqs.push(msg.seq);
    }
  });
  const sub = await client.subscribe('EURUSD', { queueCapacity: 5 });
  await until(client, 'message', () => seqs.length >= 12, 30_000, '12 ticks');
  const overflow = await sub.next();
  assert.equal(overflow.type, 'overflow');
  assert.ok(overflow.dropped >= 7, `dropped ${overflow.dropped}`);
  assert.equal(overflow.dropped, sub.dropped);
  const kept = [];
  for (let i = 0; i < 5; i++) {
    kept.push(await sub.next());
  }
  assert.deepEqual(kept.map((m) => m.seq), [0, 1, 2, 3, 4].map((i) => seqs[0] + overflow.dropped + i),
      'the newest five, right after the dropped ones');
  await sub.unsubscribe();
});

test('a bad API key is refused with an AuthError and no reconnect', async () => {
  const client = new TickplantClient({ url: server.url, apiKey: 'not-a-key' });
  clients.push(client);
  const err = await client.connect().then(() => undefined, (e) => e);
  assert.ok(err instanceof AuthError, String(err));
  assert.equal(err.code, 'AUTH_FAILED');
  assert.equal(client.state, 'closed');
  assert.equal(client.stats.reconnects, 0);
});

test('an unknown symbol is refused with an UnknownSymbolError; a batch keeps its known symbols', async () => {
  const client = await connected();
  const err = await client.subscribe('EURUSDD').then(() => undefined, (e) => e);
  assert.ok(err instanceof UnknownSymbolError, String(err));
  assert.equal(err.code, 'UNKNOWN_SYMBOL');
  assert.equal(err.symbol, 'EURUSDD');
  assert.ok(Array.isArray(err.suggestions));
  assert.ok(err.suggestions.includes('EURUSD'), `suggestions ${err.suggestions}`);

  const sub = await client.subscribe(['GBPUSD', 'NOSUCH1'], { channels: ['tick', 'status'] });
  assert.deepEqual(sub.symbols, ['GBPUSD']);
  assert.deepEqual(sub.channelsOf('GBPUSD'), ['tick', 'status']);
  assert.ok(sub.rejected.length >= 1 && sub.rejected.every((e) => e instanceof UnknownSymbolError
      && e.symbol === 'NOSUCH1'));
  const first = await take(sub, 2, { filter: (m) => m.type === 'status' || m.type === 'tick' });
  assert.ok(first.every((m) => m.symbol === 'GBPUSD'));
});

test('batched mode is transparent: array frames arrive as single messages with consecutive seq', async () => {
  const recording = recordingSocket();
  const client = await connected({ WebSocket: recording.WebSocket, batch: true });
  const sub = await client.subscribe(['BTCUSDT', 'EURUSD'], { channels: ['tick'] });
  const items = await take(sub, 40, { timeoutMs: 60_000 });
  const options = recording.received.findIndex((f) => f.includes('"type":"options"'));
  assert.ok(options >= 0);
  const after = recording.received.slice(options + 1);
  assert.ok(after.length > 0 && after.every((f) => f.startsWith('[')),
      'every frame after the options reply is an array');
  for (const symbol of ['BTCUSDT', 'EURUSD']) {
    const own = items.filter((m) => m.symbol === symbol);
    for (let i = 1; i < own.length; i++) {
      assert.equal(own[i].seq, own[i - 1].seq + 1 + (own[i].conflated ?? 0), `${symbol} seq`);
    }
  }
  assert.ok(items.every((m) => m.type === 'tick' && typeof m.bid === 'string'));
  assert.ok(client.stats.messages >= client.stats.frames);
});

test('callbacks receive the same stream without a queue', async () => {
  const client = await connected();
  const got = [];
  let done;
  const enough = new Promise((resolve) => { done = resolve; });
  const sub = await client.subscribe('XAUUSD', {
    onMessage: (item) => {
      got.push(item);
      if (got.length === 5) {
        done();
      }
    },
  });
  await Promise.race([enough, new Promise((_, reject) => setTimeout(() => reject(new Error('no ticks')), 30_000))]);
  assert.ok(got.every((m) => m.type === 'tick' && m.symbol === 'XAUUSD'));
  for (let i = 1; i < 5; i++) {
    assert.equal(got[i].seq, got[i - 1].seq + 1 + (got[i].conflated ?? 0));
  }
  assert.equal(sub.queued, 0);
  await sub.unsubscribe();
});

test('close ends every subscription, leaves the state closed, and a for-await loop finishes', async () => {
  const client = await connected();
  const sub = await client.subscribe('USDJPY');
  const seen = [];
  const loop = (async () => {
    for await (const item of sub) {
      seen.push(item);
      if (seen.length === 2) {
        await client.close();
      }
    }
  })();
  await loop;
  assert.ok(seen.length >= 2);
  assert.equal(client.state, 'closed');
  assert.equal(sub.active, false);
  await assert.rejects(client.subscribe('EURUSD'), (e) => e.code === 'NOT_CONNECTED');
});

for (const [name, flags] of [['the ws package', []], ['the global WebSocket', ['--experimental-websocket']]]) {
  test(`a Node program using ${name} exits by itself after close (no timer or socket left)`, async () => {
    const args = [...flags, '--no-warnings', join(here, 'shutdown-child.mjs'), server.url, API_KEY];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    const exit = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    const code = await exit;
    clearTimeout(timer);
    assert.equal(code, 0, out);
    assert.match(out, /^tick EURUSD \d+\.\d+ state closed$/m);
    if (flags.length > 0) {
      assert.match(out, /WebSocket global/);
    }
  });
}

test('state events go connecting, open, closed', async () => {
  const client = new TickplantClient({ url: server.url, apiKey: API_KEY });
  clients.push(client);
  const states = [];
  client.on('state', (s) => states.push(s));
  await client.connect();
  await until(client, 'state', () => client.state === 'open', 1000, 'open');
  await client.close();
  assert.deepEqual(states, ['connecting', 'open', 'closed']);
});
