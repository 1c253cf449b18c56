package dev.trinity.coordinator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * A chat server as strict as llama.cpp's {@code llama-server} (and the chat templates of several vLLM models): at
 * most one system message, and only first; after it, turns alternate user / assistant starting with a user turn;
 * the last message must be a user turn (a trailing assistant message is a prefill, which llama-server continues
 * instead of answering; two or more are refused). Anything else is HTTP 400 with the rule it broke.
 *
 * <p>Speaks the OpenAI chat API ({@code POST .../chat/completions}), Anthropic's Messages API
 * ({@code POST .../messages}, system text in {@code system}) and Gemini's {@code generateContent} (system text in
 * {@code systemInstruction}, roles {@code user}/{@code model}). It answers by the role prompt it was sent: a Worker
 * gives {@code Result: 6 * 7 = 42.}, a Thinker a plan, a Verifier {@code ACCEPT ...}.
 */
public final class StrictChatServer extends Dispatcher {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<List<String>> accepted = Collections.synchronizedList(new ArrayList<>());
    private final List<String> refused = Collections.synchronizedList(new ArrayList<>());

    /** The role sequences of the requests it answered, in order. */
    public List<List<String>> accepted() {
        return List.copyOf(accepted);
    }

    /** The rules broken by the requests it refused. */
    public List<String> refused() {
        return List.copyOf(refused);
    }

    /**
     * The llama.cpp rule a role sequence breaks, or null.
     *
     * @param roles the message roles in order ({@code system}, {@code user}, {@code assistant})
     * @return the broken rule's message
     */
    public static String violation(List<String> roles) {
        int start = !roles.isEmpty() && roles.get(0).equals("system") ? 1 : 0;
        if (roles.size() == start) {
            return "No user message in the list";
        }
        for (int i = start; i < roles.size(); i++) {
            String expected = (i - start) % 2 == 0 ? "user" : "assistant";
            if (roles.get(i).equals("system")) {
                return "System message must be at the beginning.";
            }
            if (!roles.get(i).equals(expected)) {
                int n = roles.size();
                if (roles.get(n - 1).equals("assistant") && roles.get(n - 2).equals("assistant")) {
                    return "Cannot have 2 or more assistant messages at the end of the list.";
                }
                return "Conversation roles must alternate user/assistant/user/assistant/...";
            }
        }
        if (roles.get(roles.size() - 1).equals("assistant")) {
            return "The last message is an assistant message: it would be continued as a prefill, not answered.";
        }
        return null;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        JsonNode body;
        try {
            body = JSON.readTree(request.getBody().utf8());
        } catch (IOException e) {
            return error("request body is not JSON");
        }
        String path = request.getUrl().encodedPath();
        List<String> roles = new ArrayList<>();
        StringBuilder system = new StringBuilder();
        if (path.endsWith(":generateContent")) {
            system.append(body.path("systemInstruction").path("parts").path(0).path("text").asText(""));
            if (system.length() > 0) {
                roles.add("system");
            }
            body.path("contents").forEach(c -> roles.add(c.path("role").asText().equals("model") ? "assistant"
                    : c.path("role").asText()));
        } else {
            if (body.hasNonNull("system")) {
                system.append(body.get("system").asText());
                roles.add("system");
            }
            for (JsonNode message : body.path("messages")) {
                roles.add(message.path("role").asText());
                if (message.path("role").asText().equals("system")) {
                    system.append(message.path("content").asText());
                }
            }
        }
        String broken = violation(roles);
        if (broken != null) {
            refused.add(broken);
            return error(broken);
        }
        accepted.add(List.copyOf(roles));
        String reply = reply(system.toString());
        ObjectNode answer = JSON.createObjectNode();
        if (path.endsWith(":generateContent")) {
            answer.putArray("candidates").addObject().putObject("content").put("role", "model").putArray("parts")
                    .addObject().put("text", reply);
            answer.putObject("usageMetadata").put("promptTokenCount", 12).put("candidatesTokenCount", 5);
        } else if (path.endsWith("/messages")) {
            answer.put("model", "strict").putArray("content").addObject().put("type", "text").put("text", reply);
        } else {
            answer.put("model", "strict").putArray("choices").addObject().putObject("message")
                    .put("role", "assistant").put("content", reply);
        }
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                .body(answer.toString()).build();
    }

    private static String reply(String system) {
        if (system.contains("You are the Verifier")) {
            return "ACCEPT: 6 * 7 = 42 is correct.";
        }
        if (system.contains("You are the Thinker")) {
            return "Plan: multiply 6 by 7, then have it checked.";
        }
        return "Result: 6 * 7 = 42.";
    }

    private static MockResponse error(String message) {
        ObjectNode error = JSON.createObjectNode();
        error.putObject("error").put("code", 400).put("message", message).put("type", "invalid_request_error");
        return new MockResponse.Builder().code(400).addHeader("Content-Type", "application/json")
                .body(error.toString()).build();
    }
}
