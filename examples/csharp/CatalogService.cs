// A catalog API client: timeout, status checks, 401/403 not retried, jittered backoff,
// Retry-After honoured, structured logging.
using System;
using System.Net;
using System.Net.Http;
using System.Net.Http.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Acme.Catalog;

public sealed record Product(string Sku, string Name, decimal Price);

public sealed class CatalogAuthException : Exception
{
    public CatalogAuthException(string message) : base(message) { }
}

public sealed class CatalogService
{
    private const int MaxAttempts = 4;
    private readonly HttpClient _http;
    private readonly ILogger<CatalogService> _logger;

    // Polly v8: transient failures only (network errors, 408, 429, 5xx), capped
    // exponential backoff with jitter, Retry-After used when the server sends it.
    private static readonly ResiliencePipeline<HttpResponseMessage> Pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
        .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = 3,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(500),
            MaxDelay = TimeSpan.FromSeconds(10),
            ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                .Handle<HttpRequestException>()
                .HandleResult(r => r.StatusCode == HttpStatusCode.RequestTimeout
                    || r.StatusCode == HttpStatusCode.TooManyRequests
                    || (int)r.StatusCode >= 500),
            DelayGenerator = args =>
            {
                var retryAfter = args.Outcome.Result?.Headers.RetryAfter;
                TimeSpan? wait = retryAfter?.Delta ?? (retryAfter?.Date - DateTimeOffset.UtcNow);
                return ValueTask.FromResult(wait is { } w && w > TimeSpan.Zero ? TimeSpan.FromTicks(Math.Min(w.Ticks, TimeSpan.FromSeconds(60).Ticks)) : (TimeSpan?)null);
            },
        })
        .Build();

    public CatalogService(HttpClient http, ILogger<CatalogService> logger)
    {
        _http = http;
        _http.Timeout = TimeSpan.FromSeconds(10);
        _logger = logger;
    }

    public async Task<Product?> GetProductAsync(string sku, CancellationToken ct)
    {
        using var response = await Pipeline.ExecuteAsync(async token => await _http.GetAsync($"/v1/products/{sku}", token), ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new CatalogAuthException($"GET /v1/products/{sku}: {(int)response.StatusCode}");
        }
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<Product>(cancellationToken: ct);
    }

    // The same policy written out by hand, for a price update: one Idempotency-Key for
    // every attempt, full-jitter backoff, 401/403 never retried.
    public async Task UpdatePriceAsync(string sku, decimal price, CancellationToken ct)
    {
        var idempotencyKey = Guid.NewGuid().ToString();
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, $"/v1/products/{sku}/price")
            {
                Content = JsonContent.Create(new { price }),
            };
            request.Headers.Add("Idempotency-Key", idempotencyKey);
            HttpResponseMessage? response = null;
            try
            {
                response = await _http.SendAsync(request, ct);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
                if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                {
                    throw new CatalogAuthException($"PUT /v1/products/{sku}/price: {(int)response.StatusCode}");
                }
                var transient = response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500;
                if (!transient || attempt == MaxAttempts)
                {
                    response.EnsureSuccessStatusCode();
                }
                _logger.LogWarning("PUT /v1/products/{Sku}/price attempt {Attempt}: {Status}", sku, attempt, (int)response.StatusCode);
            }
            catch (HttpRequestException ex) when (attempt < MaxAttempts)
            {
                _logger.LogWarning(ex, "PUT /v1/products/{Sku}/price attempt {Attempt} failed", sku, attempt);
            }
            var cap = Math.Min(10_000, 250 * (1 << attempt));
            var wait = TimeSpan.FromMilliseconds(Random.Shared.Next(cap + 1));
            if (response?.Headers.RetryAfter?.Delta is { } retryAfter)
            {
                wait = retryAfter < TimeSpan.FromSeconds(60) ? retryAfter : TimeSpan.FromSeconds(60);
            }
            response?.Dispose();
            await Task.Delay(wait, ct);
        }
    }
}
