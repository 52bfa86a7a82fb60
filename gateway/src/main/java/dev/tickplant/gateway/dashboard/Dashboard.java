package dev.tickplant.gateway.dashboard;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The live web dashboard: {@code GET /} from a browser (an {@code Accept} that names {@code text/html}) gets the page,
 * {@code /dashboard/*} its scripts and styles. The files are the classpath directory {@code web/}, written by the
 * Maven build from {@code src/main/web} (the page plus its npm dependencies), so nothing is fetched at run time.
 *
 * <p>WebSocket upgrades never get here (the server's handshake handler takes them first), and a plain GET of
 * {@code /} that does not ask for HTML (curl, monitoring probes) keeps the gateway's 426 answer.
 */
public final class Dashboard {
    /** Prefix of the dashboard's assets. */
    public static final String ASSETS_PREFIX = "/dashboard/";
    /** Classpath directory holding the built page. */
    static final String WEBROOT = "web";
    private static final String INDEX = ASSETS_PREFIX + "index.html";
    /** Assets are small and change with each release; a short max-age keeps reloads cheap without going stale. */
    private static final long MAX_AGE_SECONDS = 300;

    private final Router router;

    public Dashboard(Vertx vertx) {
        router = Router.router(vertx);
        StaticHandler assets = StaticHandler.create(WEBROOT)
                .setMaxAgeSeconds(MAX_AGE_SECONDS)
                .setDirectoryListing(false)
                .setIncludeHidden(false);
        router.route("/").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(ctx -> ctx.reroute(INDEX));
        router.route(ASSETS_PREFIX + "*").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(assets);
    }

    /** True when {@code request} is for the dashboard: a browser's page load of {@code /}, or an asset. */
    public static boolean handles(HttpServerRequest request) {
        String path = request.path();
        if (path == null) {
            return false;
        }
        if (path.startsWith(ASSETS_PREFIX)) {
            return true;
        }
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        return path.equals("/") && accept != null && accept.contains("text/html")
                && (request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD);
    }

    /** Serves a request {@link #handles} accepted; anything else under the prefix is a 404. */
    public void handle(HttpServerRequest request) {
        router.handle(request);
    }
}
