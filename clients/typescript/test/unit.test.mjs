// Unit tests of the plain parts: exact JSON, checksum, sequence verdicts, receive queue, backoff.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  Backoff, BoundedQueue, StreamSequence, checksumText, crc32, depthChecksum, parseExact,
} from '../dist/index.js';

test('parseExact keeps decimal fields as their exact text and other numbers as numbers', () => {
  const msg = parseExact('{"type":"depth","symbol":"BTCUSDT","bids":[[65000.10,0.50000000]],"asks":[],'
      + '"seq":1796171144193842,"checksum":2710311238,"levels":10,"bidVenues":[{"okx":0.30000000}],'
      + '"price":1e-7,"bid":-0.0,"nested":{"price":2.50}}');
  assert.deepEqual(msg.bids, [['65000.10', '0.50000000']]);
  assert.deepEqual(msg.bidVenues, [{ okx: '0.30000000' }]);
  assert.equal(msg.price, '1e-7');
  assert.equal(msg.bid, '-0.0');
  assert.equal(msg.nested.price, '2.50');
  assert.equal(msg.seq, 1796171144193842);
  assert.equal(msg.checksum, 2710311238);
  assert.equal(msg.levels, 10);
});

test('parseExact reads batched frames, escapes, literals and whitespace like JSON.parse', () => {
  const text = ' [ {"type":"tick","symbol":"A\\u00e9\\"\\\\","bid":null,"ok":true,"no":false,"n":-12.5e+3} ,'
      + '{"type":"x","list":[]} ] ';
  const exact = parseExact(text);
  const plain = JSON.parse(text);
  assert.deepEqual(exact, plain);
  assert.equal(Object.getPrototypeOf(parseExact('{"__proto__":{"polluted":1}}')), Object.prototype);
  assert.deepEqual(parseExact('{"__proto__":{"a":1}}').__proto__, { a: 1 });
});

test('parseExact rejects malformed JSON with the offset', () => {
  for (const bad of ['', '{', '{"a":}', '[1,]', '{"a":1,}', '01', '1.', '-', '1e', '"abc', 'tru', '{"a" 1}',
    '[1 2]', '{"a":1}x', '"\\x"', '"a\u0001"', 'NaN']) {
    assert.throws(() => parseExact(bad), SyntaxError, `accepted ${JSON.stringify(bad)}`);
  }
});

test('crc32 matches the zlib check value and the checksum text follows the protocol', () => {
  assert.equal(crc32('123456789'), 0xcbf43926);
  assert.equal(crc32(''), 0);
  const bids = [['65000.10', '0.50000000'], ['65000.00', '1.00000000']];
  const asks = [['65000.20', '1.20000000']];
  assert.equal(checksumText(bids, asks), '65000.10:0.50000000|65000.00:1.00000000#65000.20:1.20000000');
  assert.equal(checksumText([], []), '#');
  assert.equal(depthChecksum(bids, asks), crc32('65000.10:0.50000000|65000.00:1.00000000#65000.20:1.20000000'));
  assert.notEqual(depthChecksum([['65000.1', '0.5']], asks), depthChecksum([['65000.10', '0.50000000']], asks));
});

test('StreamSequence accepts consecutive seq, drops duplicates and surfaces jumps as gaps', () => {
  const s = new StreamSequence('trade', 'BTCUSDT');
  assert.deepEqual(s.check(100), { kind: 'accept' });
  assert.deepEqual(s.check(101), { kind: 'accept' });
  assert.deepEqual(s.check(101), { kind: 'duplicate', lastSeq: 101 });
  assert.deepEqual(s.check(99), { kind: 'duplicate', lastSeq: 101 });
  const gap = s.check(105);
  assert.equal(gap.kind, 'gap');
  assert.deepEqual(gap.event,
      { type: 'gap', symbol: 'BTCUSDT', channel: 'trade', expectedSeq: 102, seq: 105, missed: 3 });
  assert.equal(s.lastSeq, 105);
});

test('StreamSequence takes an announced reset silently and reports an unresumed reconnect as a reset', () => {
  const s = new StreamSequence('depth', 'BTCUSDT');
  s.check(10);
  s.onServerReset(5000);
  assert.deepEqual(s.check(5000), { kind: 'accept' });
  s.onResubscribed();
  assert.deepEqual(s.check(5001), { kind: 'accept' }, 'resumed exactly: nothing to report');
  s.onResubscribed();
  assert.equal(s.check(5001).kind, 'duplicate', 'a snapshot of a state already delivered');
  const reset = s.check(9000);
  assert.equal(reset.kind, 'reset');
  assert.equal(reset.event.origin, 'reconnect');
  assert.equal(reset.event.lastSeq, 5001);
  assert.equal(reset.event.missed, 9000 - 5001 - 1);
  assert.equal(s.check(9002).kind, 'gap', 'after the first message the stream is live again');
});

test('BoundedQueue drop-oldest keeps the newest items behind an overflow marker', async () => {
  const q = new BoundedQueue(3, 'drop-oldest');
  for (let i = 1; i <= 5; i++) {
    q.push(i);
  }
  assert.equal(q.dropped, 2);
  assert.deepEqual(await q.next(), { type: 'overflow', dropped: 2 });
  assert.deepEqual([await q.next(), await q.next(), await q.next()], [3, 4, 5]);
  const waiting = q.next();
  q.push(6);
  assert.equal(await waiting, 6);
  q.close();
  assert.equal(await q.next(), undefined);
});

test('BoundedQueue drop-newest keeps what was queued and marks the loss after it', async () => {
  const q = new BoundedQueue(2, 'drop-newest');
  for (let i = 1; i <= 4; i++) {
    q.push(i);
  }
  assert.equal(await q.next(), 1);
  q.push(5);
  assert.equal(await q.next(), 2);
  assert.deepEqual(await q.next(), { type: 'overflow', dropped: 2 });
  assert.equal(await q.next(), 5);
  assert.throws(() => new BoundedQueue(0, 'drop-oldest'), RangeError);
});

test('Backoff grows exponentially to its cap with jitter in the upper half of each step', () => {
  const low = new Backoff({ minMs: 100, maxMs: 1000 }, () => 0);
  assert.deepEqual([1, 2, 3, 4, 5, 6].map(() => low.next()), [50, 100, 200, 400, 500, 500]);
  const high = new Backoff({ minMs: 100, maxMs: 1000 }, () => 1);
  assert.deepEqual([1, 2, 3, 4, 5, 6].map(() => high.next()), [100, 200, 400, 800, 1000, 1000]);
  high.reset();
  assert.equal(high.next(), 100);
  assert.throws(() => new Backoff({ minMs: 0 }), RangeError);
});
