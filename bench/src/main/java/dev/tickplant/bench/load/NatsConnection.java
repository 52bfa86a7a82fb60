package dev.tickplant.bench.load;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketFrame;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A NATS client over nats-server's websocket port, speaking the NATS text protocol itself (one jnats connection per
 * client would cost several threads each): on {@code INFO} it sends {@code CONNECT}, {@code SUB ticks 1} and
 * {@code PING}; the {@code PONG} confirms the subscription. Each {@code MSG} payload is read by a
 * {@link MessageScanner}, so a payload of one tick or of a JSON array of ticks is counted like a gateway frame.
 * Server {@code PING}s are answered.
 */
final class NatsConnection extends ClientConnection {
    /** The subject the publisher publishes to. */
    static final String SUBJECT = "ticks";
    private static final Logger LOG = LoggerFactory.getLogger(NatsConnection.class);
    private static final Buffer PONG = Buffer.buffer("PONG\r\n");
    private static final Buffer HELLO = Buffer.buffer(
            "CONNECT {\"verbose\":false,\"pedantic\":false,\"protocol\":1,\"echo\":false,\"name\":\"bench\"}\r\n"
                    + "SUB " + SUBJECT + " 1\r\nPING\r\n");

    private final MessageScanner scanner = new MessageScanner(this);
    private final LongAdder natsMessages;
    private final NatsParser parser;
    private boolean connected;

    NatsConnection(WebSocket ws, Recording recording, boolean hops, LongAdder natsMessages) {
        super(ws, recording, hops);
        this.natsMessages = natsMessages;
        this.parser = new NatsParser(new NatsParser.Listener() {
            @Override
            public void onInfo(String json) {
                if (!connected) {
                    connected = true;
                    ws.writeBinaryMessage(HELLO);
                }
            }

            @Override
            public void onPing() {
                ws.writeBinaryMessage(PONG);
            }

            @Override
            public void onPong() {
                markSubscribed();
            }

            @Override
            public void onMessageStart(int payloadLength) {}

            @Override
            public void onPayload(Buffer buffer, int from, int to) {
                scanner.feed(buffer, from, to);
            }

            @Override
            public void onMessageEnd() {
                scanner.endText();
                NatsConnection.this.natsMessages.increment();
            }

            @Override
            public void onProtocolError(String line) {
                LOG.warn("nats protocol error: {}", line);
            }
        });
        ws.frameHandler(this::onFrame);
    }

    private void onFrame(WebSocketFrame frame) {
        if (!(frame.isText() || frame.isBinary() || frame.isContinuation())) {
            return;
        }
        frameArrived();
        parser.feed(frame.binaryData());
    }
}
