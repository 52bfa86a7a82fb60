// tickplant live dashboard on the TypeScript client (clients/typescript, built into vendor/tickplant-client by the
// Maven build): one client per API key; each symbol is one subscription to the tick and status channels, which the
// client re-subscribes after a reconnect. Prices arrive as the server's exact decimal text and are shown at the
// instrument's precision, which the REST API's /api/v1/instruments/{symbol} gives (priceScale); the chart plots them
// against the venue's time of each tick. No framework; the chart is uPlot (vendored by the Maven build).
import { AuthError, TickplantClient } from './vendor/tickplant-client/index.js';

const MAX_POINTS = 300;             // points kept per chart
const CONNECT_RETRY_MIN_MS = 500;   // a first connection that fails is retried; later ones the client retries
const CONNECT_RETRY_MAX_MS = 10000;
// Errors that mean the symbol will never stream on this connection: drop its row.
const FATAL_SYMBOL_ERRORS = new Set(['UNKNOWN_SYMBOL', 'NOT_ENTITLED', 'SUBSCRIPTION_LIMIT', 'INVALID_SYMBOLS']);

const $ = (id) => document.getElementById(id);
const keyInput = $('key-input');
const symbolInput = $('symbol-input');
const statusBadge = $('connection-status');
const messages = $('messages');
const quotesBody = document.querySelector('#quotes tbody');
const venueList = $('venue-status');
const charts = $('charts');

/**
 * symbol (client spelling) -> {row, cells, first, decimals, scaleKnown, lastTick, xs, bid, ask, last, plot, dirty,
 * subscription}; decimals is the instrument's priceScale once known (scaleKnown), until then the widest precision
 * seen; subscription is the client's, once the server confirmed it.
 */
const symbols = new Map();
let client = null;
let retryDelay = CONNECT_RETRY_MIN_MS;
let retryTimer = null;
let drawScheduled = false;

function setConnection(state, detail) {
  statusBadge.dataset.state = state;
  statusBadge.className = 'status-' + state;
  statusBadge.textContent = detail ? state + ' (' + detail + ')' : state;
}

function say(text) {
  messages.textContent = text;
}

// The client's connection states as the badge shows them.
const CONNECTION_STATES = {
  connecting: 'connecting', reconnecting: 'connecting', open: 'connected', closed: 'disconnected',
};

function connect() {
  if (retryTimer) {
    clearTimeout(retryTimer);
    retryTimer = null;
  }
  if (client) {
    client.close();
  }
  for (const entry of symbols.values()) {
    entry.subscription = null; // subscriptions belong to a connection; the new client subscribes again
  }
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const current = new TickplantClient({ url: scheme + '//' + location.host + '/ws', apiKey: keyInput.value.trim() });
  client = current;
  current.on('state', (state) => {
    if (client === current) {
      setConnection(CONNECTION_STATES[state] || state);
    }
  });
  current.on('message', (msg) => {
    if (client === current && msg.type === 'reconnect') {
      say(msg.message);
    }
  });
  current.on('error', (error) => {
    if (client === current) {
      onError(error);
    }
  });
  setConnection('connecting');
  current.connect().then(() => {
    if (client !== current) {
      return;
    }
    retryDelay = CONNECT_RETRY_MIN_MS;
    say('');
    for (const [symbol, entry] of symbols) {
      subscribe(symbol, entry);
      if (!entry.scaleKnown) {
        loadPriceScale(symbol, entry); // the key may have changed since the last attempt
      }
    }
  }, (error) => {
    if (client !== current) {
      return;
    }
    if (error instanceof AuthError) {
      setConnection('disconnected', 'key refused — check the API key');
      say(error.message + ' [' + error.code + ']');
      return;
    }
    setConnection('disconnected', error.message);
    retryTimer = setTimeout(connect, retryDelay);
    retryDelay = Math.min(CONNECT_RETRY_MAX_MS, retryDelay * 2);
  });
}

/** Subscribes the symbol's tick and status channels, unless it is subscribed already or not connected yet. */
function subscribe(symbol, entry) {
  const current = client;
  if (!current || current.state !== 'open' || entry.subscription) {
    return; // connect() subscribes every symbol on the board once the connection is up
  }
  entry.subscription = 'pending';
  current.subscribe(symbol, { channels: ['tick', 'status'], onMessage: onMessage }).then((subscription) => {
    if (symbols.get(symbol) !== entry || client !== current) {
      subscription.unsubscribe(); // removed, or reconnected with another key, meanwhile
      return;
    }
    entry.subscription = subscription;
  }, (error) => {
    if (symbols.get(symbol) === entry && entry.subscription === 'pending') {
      entry.subscription = null;
    }
    if (client === current) {
      onError(error);
    }
  });
}

function onMessage(msg) {
  switch (msg.type) {
    case 'tick': onTick(msg); break;
    case 'status': onStatus(msg); break;
    default: break; // reset, gap, overflow: the next tick is the current state, and a table of latest values
                    // has nothing to undo
  }
}

function addSymbol(raw) {
  const symbol = raw.trim().toUpperCase();
  if (!symbol) {
    return;
  }
  if (symbols.has(symbol)) {
    say(symbol + ' is already on the board');
    return;
  }
  say('');
  const entry = createEntry(symbol);
  symbols.set(symbol, entry);
  subscribe(symbol, entry);
  loadPriceScale(symbol, entry);
}

// The server renders each price at its quote's scale, which can be coarser than the instrument's (410.2 for a
// 0.200 tick of a scale-3 stock), so the precision shown comes from the instrument.
function loadPriceScale(symbol, entry) {
  fetch('/api/v1/instruments/' + encodeURIComponent(symbol), {
    headers: { Authorization: 'Bearer ' + keyInput.value.trim(), Accept: 'application/json' },
  })
    .then((response) => (response.ok ? response.json() : Promise.reject(new Error('HTTP ' + response.status))))
    .then((instrument) => {
      if (symbols.get(symbol) !== entry || !Number.isInteger(instrument.priceScale)) {
        return; // removed meanwhile, or not an instrument
      }
      entry.decimals = instrument.priceScale;
      entry.scaleKnown = true;
      entry.row.dataset.priceScale = String(instrument.priceScale);
      if (entry.lastTick) {
        renderRow(entry, entry.lastTick);
      }
      entry.plot.redraw(false, true); // axis labels at the new precision
    })
    .catch(() => {
      // Unknown symbol or no REST access: the subscription's error says why; keep the widest precision seen.
    });
}

function removeSymbol(symbol) {
  const entry = symbols.get(symbol);
  if (!entry) {
    return;
  }
  symbols.delete(symbol);
  entry.row.remove();
  entry.plot.destroy();
  entry.chartBox.remove();
  if (entry.subscription && entry.subscription !== 'pending') {
    entry.subscription.unsubscribe();
  }
}

function createEntry(symbol) {
  const row = document.createElement('tr');
  row.dataset.symbol = symbol;
  const cells = {};
  for (const name of ['symbol', 'bid', 'ask', 'price', 'change', 'time', 'venue', 'status']) {
    const td = document.createElement('td');
    td.className = name;
    td.textContent = name === 'symbol' ? symbol : '—';
    row.appendChild(td);
    cells[name] = td;
  }
  const removeCell = document.createElement('td');
  const removeButton = document.createElement('button');
  removeButton.type = 'button';
  removeButton.className = 'remove';
  removeButton.textContent = '✕';
  removeButton.title = 'Unsubscribe ' + symbol;
  removeButton.addEventListener('click', () => removeSymbol(symbol));
  removeCell.appendChild(removeButton);
  row.appendChild(removeCell);
  quotesBody.appendChild(row);

  const chartBox = document.createElement('div');
  chartBox.className = 'chart';
  chartBox.dataset.symbol = symbol;
  const title = document.createElement('h3');
  title.textContent = symbol;
  chartBox.appendChild(title);
  charts.appendChild(chartBox);
  const entry = {
    row, cells, chartBox, first: null, decimals: 0, scaleKnown: false, lastTick: null,
    xs: [], bid: [], ask: [], last: [], dirty: false, subscription: null,
  };
  entry.plot = new uPlot({
    width: 460,
    height: 220,
    scales: { x: { time: true } }, // x: the venue's time of each tick, in epoch seconds
    legend: { live: false }, // a plain key; the table above has the numbers
    axes: [
      {},
      // uPlot's default labels round away the digits that move (1.085 five times); use the quote precision.
      { size: 80, values: (u, ticks) => ticks.map((v) => v.toFixed(entry.decimals)) },
    ],
    series: [
      {},
      { label: 'bid', stroke: '#2b6cb0', width: 1 },
      { label: 'ask', stroke: '#c05621', width: 1 },
      { label: 'last', stroke: '#1d232b', width: 2 },
    ],
  }, [entry.xs, entry.bid, entry.ask, entry.last], chartBox);
  return entry;
}

function decimalsOf(value) {
  if (value === null || value === undefined) {
    return 0;
  }
  const text = String(value);
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

function onTick(tick) {
  const entry = symbols.get(tick.symbol);
  if (!entry) {
    return; // unsubscribed meanwhile
  }
  if (!entry.scaleKnown) {
    // Until the instrument's scale is known: the widest precision seen so far.
    entry.decimals = Math.max(entry.decimals, decimalsOf(tick.bid), decimalsOf(tick.ask), decimalsOf(tick.price));
  }
  entry.lastTick = tick;
  renderRow(entry, tick);
  plot(entry, tick);
}

/** An exact decimal string at `decimals` places: padded with zeros as text, rounded only if it has more. */
function atPrecision(text, decimals) {
  const have = decimalsOf(text);
  if (have > decimals) {
    return Number(text).toFixed(decimals);
  }
  const padded = have === 0 && decimals > 0 ? text + '.' : text;
  return padded + '0'.repeat(decimals - have);
}

function renderRow(entry, tick) {
  const fmt = (v) => (v === null || v === undefined ? '—' : atPrecision(v, entry.decimals));
  const c = entry.cells;
  c.bid.textContent = fmt(tick.bid);
  c.ask.textContent = fmt(tick.ask);
  c.price.textContent = fmt(tick.price);
  if (tick.price !== null && tick.price !== undefined) {
    const price = Number(tick.price); // display arithmetic only; the cells show the exact text
    if (entry.first === null) {
      entry.first = price;
    }
    const diff = price - entry.first;
    const pct = entry.first === 0 ? 0 : (diff / entry.first) * 100;
    c.change.textContent = (diff >= 0 ? '+' : '') + diff.toFixed(entry.decimals)
        + ' (' + (pct >= 0 ? '+' : '') + pct.toFixed(2) + '%)';
    c.change.className = 'change' + (diff > 0 ? ' up' : diff < 0 ? ' down' : '');
  }
  c.time.textContent = tick.time ? new Date(tick.time).toISOString().substring(11, 23) : '—';
  c.time.dataset.time = tick.time ?? '';
  c.time.dataset.seq = tick.seq;
  c.venue.textContent = tick.bidVenue && tick.askVenue && tick.bidVenue !== tick.askVenue
      ? tick.venue + ' (' + tick.bidVenue + '/' + tick.askVenue + ')' : (tick.venue || '—');
  entry.row.dataset.seq = tick.seq;
}

function plot(entry, tick) {
  // x is the venue's time (epoch ms on the wire, seconds for uPlot), so the chart shows when prices moved at the
  // venue, not when the browser heard of it. uPlot needs ascending x: a tick stamped earlier than the last point
  // (consolidated views mix venue clocks) goes in at its place.
  const x = (tick.time || Date.now()) / 1000;
  let at = entry.xs.length;
  while (at > 0 && entry.xs[at - 1] > x) {
    at--;
  }
  entry.xs.splice(at, 0, x);
  const num = (v) => (v === null || v === undefined ? null : Number(v));
  entry.bid.splice(at, 0, num(tick.bid));
  entry.ask.splice(at, 0, num(tick.ask));
  entry.last.splice(at, 0, num(tick.price));
  if (entry.xs.length > MAX_POINTS) {
    for (const series of [entry.xs, entry.bid, entry.ask, entry.last]) {
      series.shift();
    }
  }
  entry.chartBox.dataset.lastX = String(entry.xs[entry.xs.length - 1]);
  entry.dirty = true;
  scheduleDraw();
}

// Redraw charts at most once per animation frame, however fast ticks come.
function scheduleDraw() {
  if (drawScheduled) {
    return;
  }
  drawScheduled = true;
  requestAnimationFrame(() => {
    drawScheduled = false;
    for (const entry of symbols.values()) {
      if (entry.dirty) {
        entry.dirty = false;
        entry.plot.setData([entry.xs, entry.bid, entry.ask, entry.last]);
      }
    }
  });
}

// A consolidated view (BTCUSDT) is served by several venues: its first status lists each of them, and each
// later status names the one venue that changed. The row sums them up; the venue list shows each venue.
function onStatus(status) {
  const perVenue = status.venues || (status.venue && status.venue !== 'consolidated'
    ? [{ venue: status.venue, state: status.state, reason: status.reason }] : []);
  const entry = symbols.get(status.symbol);
  if (entry) {
    entry.venueStates = status.venues ? new Map() : (entry.venueStates || new Map());
    for (const v of perVenue) {
      entry.venueStates.set(v.venue, v.state);
    }
    let text = status.state + (status.venue ? ' · ' + status.venue : '');
    let state = status.state;
    if (entry.venueStates.size > 1) {
      const live = [...entry.venueStates.values()].filter(s => s === 'live').length;
      state = live > 0 && status.state !== 'closed' ? 'live' : status.state;
      text = state + ' · ' + live + '/' + entry.venueStates.size + ' venues live';
    }
    entry.cells.status.textContent = text;
    entry.cells.status.dataset.state = state;
    entry.cells.status.title = status.reason || '';
  }
  for (const v of perVenue) {
    let item = venueList.querySelector('li[data-venue="' + CSS.escape(v.venue) + '"]');
    if (!item) {
      item = document.createElement('li');
      item.dataset.venue = v.venue;
      venueList.appendChild(item);
    }
    item.dataset.state = v.state;
    item.textContent = v.venue + ': ' + v.state + ' (' + status.symbol + ')';
    item.title = v.reason || '';
  }
}

// A TickplantError: a refused subscription (from subscribe) or anything else the client reports.
function onError(error) {
  say((error.symbol ? error.symbol + ': ' : '') + error.message + ' [' + error.code + ']');
  if (error.symbol && FATAL_SYMBOL_ERRORS.has(error.code)) {
    const entry = symbols.get(error.symbol);
    if (entry) {
      if (entry.subscription && entry.subscription !== 'pending') {
        entry.subscription.unsubscribe();
      }
      symbols.delete(error.symbol);
      entry.row.remove();
      entry.plot.destroy();
      entry.chartBox.remove();
    }
  }
}

$('connect-form').addEventListener('submit', (event) => {
  event.preventDefault();
  connect();
});
$('symbol-form').addEventListener('submit', (event) => {
  event.preventDefault();
  addSymbol(symbolInput.value);
  symbolInput.value = '';
});
for (const button of document.querySelectorAll('.quick-pick')) {
  button.addEventListener('click', () => addSymbol(button.dataset.symbol));
}

connect();
