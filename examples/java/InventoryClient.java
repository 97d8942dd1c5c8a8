import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

/** Client for the warehouse inventory API, as first written. */
public class InventoryClient {
    private final HttpClient http = HttpClient.newHttpClient();
    private final String baseUrl;
    private final String token;

    public InventoryClient(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    /** Returns the body whatever the status: a 401 error page is parsed as stock data. No timeout. */
    public String stockLevels(String sku) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/v2/stock/" + sku))
                .header("Authorization", "Bearer " + token)
                .GET()
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

    /**
     * Reserves stock, retrying any status other than 200 (401 and 403 included) five
     * times, a fixed 500 ms apart.
     */
    public boolean reserve(String sku, int quantity) throws InterruptedException {
        String json = "{\"sku\":\"" + sku + "\",\"quantity\":" + quantity + "}";
        for (int attempt = 0; attempt < 5; attempt++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/v2/reservations/" + sku))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(json))
                    .build();
            try {
                HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return true;
                }
            } catch (IOException e) {
                // try again
            }
            Thread.sleep(500);
        }
        return false;
    }

    /** Any failure, an expired token included, reads as "no warehouse". */
    public Optional<String> nearestWarehouse(String postcode) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/v2/warehouses?near=" + postcode))
                .header("Authorization", "Bearer " + token)
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
