package dev.tickplant.bench.load;

import dev.tickplant.bench.fanout.SyntheticTicks;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes synthetic ticks to nats-server over one plain TCP connection speaking the NATS protocol ({@code CONNECT},
 * then {@code PUB ticks <#bytes>}), {@code ticksPerMessage} ticks per message (one JSON object, or a JSON array).
 *
 * <p>Lossless by a window: it publishes only while the messages in flight (published × clients − received by all
 * clients) stay within {@code window} per client, and while its own socket's write queue has room; otherwise it looks
 * again after a millisecond. With a positive {@code ratePerClient} it also never runs ahead of that offered rate.
 *
 * <p>Confined to its socket's event-loop context.
 */
final class NatsPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(NatsPublisher.class);
    private static final int MESSAGES_PER_TURN = 64;

    private final Vertx vertx;
    private final int port;
    private final int clients;
    private final int ticksPerMessage;
    private final double ratePerClient;
    private final long window;
    private final LongAdder received;
    private final SyntheticTicks ticks = new SyntheticTicks();
    private final byte[] subjectPrefix = ("PUB " + NatsConnection.SUBJECT + " ").getBytes(StandardCharsets.US_ASCII);
    /** Held for the run: Vert.x closes the connections of a client that became unreachable. */
    private NetClient client;
    private NetSocket socket;
    private volatile Context context;
    private volatile long published;
    private long startNanos;
    private boolean stopped;

    NatsPublisher(Vertx vertx, int port, int clients, int ticksPerMessage, double ratePerClient, int window,
            LongAdder received) {
        this.vertx = vertx;
        this.port = port;
        this.clients = clients;
        this.ticksPerMessage = ticksPerMessage;
        this.ratePerClient = ratePerClient;
        this.window = (long) window * clients;
        this.received = received;
    }

    /** Connects; completes once the server answered our {@code PING}, so the connection is accepted. */
    Future<Void> connect() {
        Promise<Void> ready = Promise.promise();
        client = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true));
        return client.connect(port, "127.0.0.1")
                .compose(s -> {
                    socket = s;
                    context = Vertx.currentContext();
                    NatsParser parser = new NatsParser(new NatsParser.Listener() {
                        @Override
                        public void onInfo(String json) {
                            s.write("CONNECT {\"verbose\":false,\"pedantic\":false,\"protocol\":1,"
                                    + "\"name\":\"bench-publisher\"}\r\nPING\r\n");
                        }

                        @Override
                        public void onPing() {
                            s.write("PONG\r\n");
                        }

                        @Override
                        public void onPong() {
                            ready.tryComplete();
                        }

                        @Override
                        public void onMessageStart(int payloadLength) {}

                        @Override
                        public void onPayload(Buffer buffer, int from, int to) {}

                        @Override
                        public void onMessageEnd() {}

                        @Override
                        public void onProtocolError(String line) {
                            LOG.warn("nats publisher got: {}", line);
                            ready.tryFail(line);
                        }
                    });
                    s.handler(parser::feed);
                    s.closeHandler(v -> ready.tryFail("nats connection closed"));
                    return ready.future();
                });
    }

    /** Starts publishing; call on any thread after {@link #connect()} completed. */
    void start() {
        context.runOnContext(v -> {
            startNanos = System.nanoTime();
            pump();
        });
    }

    /** Stops publishing and closes the connection; also after a failed {@link #connect()}. */
    void stop() {
        if (context == null) {
            client.close();
            return;
        }
        context.runOnContext(v -> {
            stopped = true;
            client.close();
        });
    }

    /** NATS messages published so far. */
    long published() {
        return published;
    }

    private void pump() {
        if (stopped) {
            return;
        }
        long allowed = Long.MAX_VALUE;
        if (ratePerClient > 0) {
            double elapsed = (System.nanoTime() - startNanos) / 1e9;
            allowed = (long) (elapsed * ratePerClient / ticksPerMessage);
        }
        long now = System.currentTimeMillis();
        long count = published;
        Buffer out = Buffer.buffer(MESSAGES_PER_TURN * 160 * ticksPerMessage);
        int n = 0;
        while (n < MESSAGES_PER_TURN && count < allowed && count * clients - received.sum() < window) {
            byte[] payload = ticks.next(ticksPerMessage, now, 0);
            out.appendBytes(subjectPrefix).appendString(Integer.toString(payload.length)).appendString("\r\n")
                    .appendBytes(payload).appendString("\r\n");
            count++;
            n++;
        }
        published = count;
        if (n > 0) {
            socket.write(out);
        }
        if (socket.writeQueueFull()) {
            socket.drainHandler(v -> {
                socket.drainHandler(null);
                pump();
            });
        } else if (n == MESSAGES_PER_TURN) {
            context.runOnContext(v -> pump());
        } else {
            // The window or the rate holds us back: look again shortly rather than spin on a shared CPU.
            vertx.setTimer(1, id -> pump());
        }
    }
}
