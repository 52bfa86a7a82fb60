// Test helpers: bounded waits on events (never a fixed sleep), and a WebSocket that records the raw frames.
import WebSocket from 'ws';

/** Resolves with the first `count` items of `subscription` matching `filter`; rejects after `timeoutMs`. */
export async function take(subscription, count, { filter = () => true, timeoutMs = 30_000 } = {}) {
  const items = [];
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`only ${items.length} of ${count} items within ${timeoutMs} ms: `
        + JSON.stringify(items.slice(-3)))), timeoutMs);
  });
  try {
    while (items.length < count) {
      const item = await Promise.race([subscription.next(), timeout]);
      if (item === undefined) {
        throw new Error(`subscription ended after ${items.length} items`);
      }
      if (filter(item)) {
        items.push(item);
      }
    }
    return items;
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves once `predicate()` is true, checking on every `event` of `client`; rejects after `timeoutMs`. */
export function until(client, event, predicate, timeoutMs = 60_000, what = 'condition') {
  return new Promise((resolve, reject) => {
    if (predicate()) {
      resolve();
      return;
    }
    const timer = setTimeout(() => {
      off();
      reject(new Error(`${what} not reached within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = client.on(event, () => {
      if (predicate()) {
        clearTimeout(timer);
        off();
        resolve();
      }
    });
  });
}

/**
 * A `ws` WebSocket that keeps every frame it sends and receives, and lets a test rewrite received frames in
 * transit (`RecordingSocket.rewrite = (text) => text`).
 */
export function recordingSocket() {
  const sent = [];
  const received = [];
  const state = { rewrite: undefined };
  class RecordingSocket extends WebSocket {
    send(data) {
      sent.push(String(data));
      super.send(data);
    }
    set onmessage(handler) {
      super.onmessage = handler === null ? null : (event) => {
        let data = event.data;
        received.push(data);
        if (state.rewrite) {
          data = state.rewrite(data);
        }
        handler({ data });
      };
    }
    get onmessage() {
      return super.onmessage;
    }
  }
  return { WebSocket: RecordingSocket, sent, received, state };
}
