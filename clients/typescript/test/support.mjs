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
 * transit (`state.rewrite = (text) => text | [texts]`).
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
        received.push(event.data);
        // rewrite may alter a frame, return several (a duplicate) or none (a lost frame).
        const frames = state.rewrite ? [state.rewrite(event.data)].flat() : [event.data];
        for (const data of frames) {
          handler({ data });
        }
      };
    }
    get onmessage() {
      return super.onmessage;
    }
  }
  return { WebSocket: RecordingSocket, sent, received, state };
}
