package dev.tickplant.bench.load;

import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A client of a tickplant gateway or of {@code BareFanoutServer}: one JSON message (or a JSON array of them) per
 * WebSocket message, read with a {@link MessageScanner} frame by frame, so fragmented messages need no reassembly.
 */
final class GatewayConnection extends ClientConnection {
    private final MessageScanner scanner = new MessageScanner(this);

    GatewayConnection(WebSocket ws, Recording recording, boolean hops, List<String> symbols) {
        super(ws, recording, hops);
        ws.frameHandler(this::onFrame);
        ws.writeTextMessage(new JsonObject().put("type", "subscribe").put("symbols", new JsonArray(symbols))
                .encode());
    }

    private void onFrame(WebSocketFrame frame) {
        if (!(frame.isText() || frame.isBinary() || frame.isContinuation())) {
            return; // ping, pong, close: Vert.x answers them
        }
        if (!frame.isContinuation()) {
            frameArrived();
        }
        scanner.feed(frame.binaryData());
        if (frame.isFinal()) {
            scanner.endText();
        }
    }
}
