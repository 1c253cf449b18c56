package dev.trinity.coordinator.hub;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okio.Buffer;

/** A local stand-in for the hub: serves files by URL path, honours Range, and can break chosen files once. */
final class HubStub extends Dispatcher {

    private final Map<String, byte[]> files = new HashMap<>();
    private final Map<String, Integer> statusOnce = new HashMap<>();
    private final Map<String, byte[]> corruptOnce = new HashMap<>();
    private final Map<String, Integer> cutOnceAfter = new HashMap<>();
    private final Map<String, String> json = new HashMap<>();
    final List<RecordedRequest> requests = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean closeAfterEachResponse;

    void serve(String path, byte[] bytes) {
        files.put(path, bytes);
    }

    void serveJson(String pathAndQuery, String body) {
        json.put(pathAndQuery, body);
    }

    void failOnce(String path, int status) {
        statusOnce.put(path, status);
    }

    void corruptOnce(String path, byte[] wrong) {
        corruptOnce.put(path, wrong);
    }

    /** The next response for the path sends only the first {@code bytes} of the body, then drops the connection. */
    void cutOnce(String path, int bytes) {
        cutOnceAfter.put(path, bytes);
    }

    /**
     * Closes the socket after every complete response without saying so ({@code Connection: close} is not sent), as
     * {@code python3 -m http.server} does: the client's pooled connection is then stale on its next request.
     */
    void closeAfterEachResponse() {
        closeAfterEachResponse = true;
    }

    long fileRequests() {
        return requests.stream().filter(r -> !r.getTarget().startsWith("/api/")).count();
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        MockResponse response = respond(request);
        return closeAfterEachResponse
                ? response.newBuilder().onResponseEnd(new SocketEffect.CloseSocket()).build() : response;
    }

    private MockResponse respond(RecordedRequest request) {
        requests.add(request);
        String target = request.getTarget();
        if (json.containsKey(target)) {
            return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                    .body(json.get(target)).build();
        }
        String path = request.getUrl().encodedPath();
        Integer status = statusOnce.remove(path);
        if (status != null) {
            return new MockResponse.Builder().code(status).body("{\"error\":\"stub\"}").build();
        }
        byte[] bytes = files.get(path);
        if (bytes == null) {
            return new MockResponse.Builder().code(404).body("Entry not found").build();
        }
        byte[] wrong = corruptOnce.remove(path);
        if (wrong != null) {
            return new MockResponse.Builder().code(200).body(new Buffer().write(wrong)).build();
        }
        Integer cut = cutOnceAfter.remove(path);
        if (cut != null) {
            // announce the full length, send a prefix, then close the socket mid-body
            return new MockResponse.Builder().code(200)
                    .body(new Buffer().write(bytes, 0, cut))
                    .setHeader("Content-Length", bytes.length)
                    .onResponseEnd(new SocketEffect.CloseSocket())
                    .build();
        }
        String range = request.getHeaders().get("Range");
        if (range != null && range.startsWith("bytes=") && range.endsWith("-")) {
            int from = Integer.parseInt(range.substring(6, range.length() - 1));
            if (from >= bytes.length) {
                return new MockResponse.Builder().code(416).build();
            }
            return new MockResponse.Builder().code(206)
                    .addHeader("Content-Range", "bytes " + from + "-" + (bytes.length - 1) + "/" + bytes.length)
                    .body(new Buffer().write(bytes, from, bytes.length - from)).build();
        }
        return new MockResponse.Builder().code(200).body(new Buffer().write(bytes)).build();
    }
}
