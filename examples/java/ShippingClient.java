import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Client for a shipping-label API: timeouts, status checks, bounded jittered retries. */
public class ShippingClient {
    private static final Logger LOG = Logger.getLogger(ShippingClient.class.getName());
    private static final int MAX_ATTEMPTS = 4;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String token;

    public ShippingClient(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    /** Thrown on 401/403: the credentials are wrong and retrying will not help. */
    public static class AuthException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public AuthException(String message) {
            super(message);
        }
    }

    /**
     * Creates a label. One Idempotency-Key for all attempts; retries network errors,
     * 408/429/5xx with capped exponential backoff and full jitter; honours Retry-After.
     */
    public String createLabel(String shipmentJson) throws IOException, InterruptedException {
        String idempotencyKey = UUID.randomUUID().toString();
        IOException lastError = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/v1/labels"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", idempotencyKey)
                    .POST(HttpRequest.BodyPublishers.ofString(shipmentJson))
                    .build();
            long waitMillis = backoffMillis(attempt);
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                LOG.log(Level.WARNING, "POST /v1/labels attempt " + attempt + " failed", e);
                lastError = e;
                response = null;
            }
            if (response != null) {
                int status = response.statusCode();
                String requestId = response.headers().firstValue("X-Request-Id").orElse("-");
                if (status >= 200 && status < 300) {
                    return response.body();
                }
                if (status == 401 || status == 403) {
                    throw new AuthException("POST /v1/labels: " + status + " (request id " + requestId + ")");
                }
                if (status != 408 && status != 429 && status < 500) {
                    throw new IOException("POST /v1/labels: " + status + " (request id " + requestId + ")");
                }
                LOG.warning("POST /v1/labels attempt " + attempt + ": status " + status + ", request id " + requestId);
                lastError = new IOException("POST /v1/labels: " + status + " (request id " + requestId + ")");
                Long retryAfter = retryAfterMillis(response.headers().firstValue("Retry-After").orElse(null));
                if (retryAfter != null) {
                    waitMillis = retryAfter;
                }
            }
            if (attempt < MAX_ATTEMPTS) {
                Thread.sleep(waitMillis);
            }
        }
        throw lastError;
    }

    private static long backoffMillis(int attempt) {
        long cap = Math.min(8_000L, 250L << attempt);
        return ThreadLocalRandom.current().nextLong(cap + 1);
    }

    /** Retry-After in seconds or as an HTTP date, capped at a minute; null when absent or unreadable. */
    private static Long retryAfterMillis(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Math.min(60_000L, Math.max(0L, Long.parseLong(value.trim()) * 1000));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                return Math.min(60_000L, Math.max(0L, Duration.between(ZonedDateTime.now(), at).toMillis()));
            } catch (RuntimeException unreadable) {
                return null;
            }
        }
    }
}
