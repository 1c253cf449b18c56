package dev.trinity.coordinator.cli.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trinity.coordinator.adapted.LoadedRouter;
import dev.trinity.coordinator.cli.route.RouteJson;
import dev.trinity.coordinator.conversation.Message;
import dev.trinity.coordinator.conversation.MessagesJson;
import dev.trinity.coordinator.route.RoutedConversation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/route}: one conversation ({@code messages}) or many ({@code conversations}), each queued on the
 * {@link RouteBatcher} and answered with the object {@code coordinator route --json} prints.
 */
final class RouteApi {

    private static final Logger LOG = LoggerFactory.getLogger(RouteApi.class);

    private final ObjectMapper json;
    private final LoadedRouter router;
    private final RouteBatcher batcher;

    RouteApi(ObjectMapper json, LoadedRouter router, RouteBatcher batcher) {
        this.json = json;
        this.router = router;
        this.batcher = batcher;
    }

    /**
     * Routes the conversations of a request.
     *
     * @param body {@code {"messages": [...]}} or {@code {"conversations": [[...], ...]}}
     * @return one route object, or {@code {"routes": [...]}}
     * @throws ApiError 400 for bad input, 503 while shutting down, 500 when the engine fails
     */
    JsonNode route(JsonNode body) throws InterruptedException {
        if (!body.isObject() || body.has("messages") == body.has("conversations")) {
            throw ApiError.badRequest("expected {\"messages\": [{\"role\", \"content\"}, ...]} or {\"conversations\": "
                    + "[[...], ...]}");
        }
        boolean many = body.has("conversations");
        List<List<Message>> conversations = new ArrayList<>();
        if (many) {
            JsonNode list = body.get("conversations");
            if (!list.isArray() || list.isEmpty()) {
                throw ApiError.badRequest("\"conversations\" must be a non-empty list of message lists");
            }
            for (int i = 0; i < list.size(); i++) {
                conversations.add(messages(list.get(i), "conversations[" + i + "]"));
            }
        } else {
            conversations.add(messages(body.get("messages"), "messages"));
        }
        List<CompletableFuture<RoutedConversation>> futures;
        try {
            futures = batcher.submit(conversations);
        } catch (IllegalStateException e) {
            throw new ApiError(503, e.getMessage());
        }
        ArrayNode routes = json.createArrayNode();
        for (CompletableFuture<RoutedConversation> future : futures) {
            try {
                routes.add(RouteJson.of(router, future.get()));
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof IllegalArgumentException) {
                    throw ApiError.badRequest(JsonBodies.oneLine(cause));
                }
                if (cause instanceof IllegalStateException && "the server is shutting down".equals(cause.getMessage())) {
                    throw new ApiError(503, cause.getMessage());
                }
                LOG.warn("routing failed", cause);
                throw new ApiError(500, "routing failed: " + JsonBodies.oneLine(cause));
            }
        }
        if (!many) {
            return routes.get(0);
        }
        ObjectNode out = json.createObjectNode();
        out.set("routes", routes);
        return out;
    }

    private static List<Message> messages(JsonNode node, String where) {
        if (node == null || !node.isArray()) {
            throw ApiError.badRequest(where + " must be a list of {\"role\", \"content\"} objects");
        }
        try {
            return MessagesJson.parse(node);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(where + ": " + e.getMessage());
        }
    }

}
