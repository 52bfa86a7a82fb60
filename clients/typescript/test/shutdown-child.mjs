// Run by live.test.mjs as its own process: connect, take one tick, close; the process must then exit by itself.
import { TickplantClient } from '../dist/index.js';

const [url, apiKey] = process.argv.slice(2);
console.log(typeof globalThis.WebSocket === 'function' ? 'WebSocket global' : 'WebSocket from ws');
const client = new TickplantClient({ url, apiKey });
await client.connect();
const sub = await client.subscribe('EURUSD');
const tick = await sub.next();
await client.close();
console.log(`tick ${tick.symbol} ${tick.bid} state ${client.state}`);
