package dev.trinity.coordinator.cli.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trinity.coordinator.json.JsonFiles;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;

/** Request bodies: read up to the limit (413 beyond it), parsed as JSON (400 with one line when malformed). */
final class JsonBodies {

    private JsonBodies() {
    }

    /**
     * The body as JSON.
     *
     * @throws ApiError 413 over the limit, 400 when empty or malformed
     */
    static JsonNode read(Context ctx, ObjectMapper json, long limit) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > limit) {
            throw tooLarge(limit);
        }
        byte[] body;
        try (InputStream in = ctx.bodyInputStream()) {
            body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        } catch (IOException e) {
            throw ApiError.badRequest("could not read the request body: " + e.getMessage());
        }
        if (body.length > limit) {
            throw tooLarge(limit);
        }
        if (body.length == 0) {
            throw ApiError.badRequest("the request has no body; send a JSON object");
        }
        try {
            JsonNode node = json.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw ApiError.badRequest("the request body holds no JSON value; send a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("malformed JSON: " + JsonFiles.describe(e));
        } catch (IOException e) {
            throw ApiError.badRequest("could not read the request body: " + e.getMessage());
        }
    }

    private static ApiError tooLarge(long limit) {
        return new ApiError(413, "the request body is over the server's limit of " + limit + " bytes");
    }

    /** Any exception's message on one line, without a stack trace. */
    static String oneLine(Throwable e) {
        if (e instanceof JsonProcessingException json) {
            return JsonFiles.describe(json);
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : squash(message);
    }

    private static String squash(String text) {
        String line = text.strip().replaceAll("\\s*\\R\\s*", " ");
        return line.length() <= 500 ? line : line.substring(0, 499) + "…";
    }
}
