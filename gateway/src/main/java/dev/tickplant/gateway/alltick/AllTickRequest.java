package dev.tickplant.gateway.alltick;

import java.util.List;
import java.util.Objects;

/** A parsed client request of the AllTick-compatible endpoint (see {@link AllTickRequestParser}). */
sealed interface AllTickRequest {
    /**
     * The common request header, echoed in the reply.
     *
     * @param cmdId the request's {@code cmd_id}, or 0 when it had none
     * @param seqId the request's {@code seq_id} as sent (a number or a string), or 0 when absent
     * @param trace the request's {@code trace}, or {@code ""} when absent
     */
    record Header(int cmdId, Object seqId, String trace) {
        /** For requests without a usable header. */
        static final Header NONE = new Header(0, 0L, "");

        public Header {
            Objects.requireNonNull(seqId, "seqId");
            Objects.requireNonNull(trace, "trace");
        }
    }

    /** The header the reply echoes. */
    Header header();

    /** 22000. */
    record Heartbeat(Header header) implements AllTickRequest {}

    /** One code of a depth subscription; {@code depthLevel} 0 when the request did not say. */
    record DepthCode(String code, int depthLevel) {}

    /** 22002: replaces the connection's depth list. */
    record SubscribeDepth(Header header, List<DepthCode> codes) implements AllTickRequest {
        public SubscribeDepth {
            codes = List.copyOf(codes);
        }
    }

    /** 22004: replaces the connection's trade list. */
    record SubscribeTrades(Header header, List<String> codes) implements AllTickRequest {
        public SubscribeTrades {
            codes = List.copyOf(codes);
        }
    }

    /** 22006: {@code cancelType} 0 all, 1 depth, 2 trades. */
    record Cancel(Header header, int cancelType) implements AllTickRequest {}

    /**
     * Seed 002's flat variant {@code {"cmd_id":22004,"action":"subscribe"|"unsubscribe","code":[...]}}: an
     * incremental change of the depth list, served with flat pushes.
     */
    record Flat(Header header, boolean subscribe, List<String> codes) implements AllTickRequest {
        public Flat {
            codes = List.copyOf(codes);
        }
    }

    /** Not a usable request: reply {@code ret} with {@code msg}. */
    record Invalid(Header header, int ret, String msg) implements AllTickRequest {}
}
