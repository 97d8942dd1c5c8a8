// A client for a push-notification provider, as first written.
using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Net.Http.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Acme.Notifications;

public sealed record Device(string Id, string Platform, string Token);

public sealed class NotificationsClient
{
    private readonly HttpClient _http;
    private readonly ILogger<NotificationsClient> _logger;

    // Retries every non-success status, 401 and 403 included, and all three retries
    // wait the same exponential schedule in every process: no jitter.
    private static readonly ResiliencePipeline<HttpResponseMessage> Pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
        .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = 3,
            BackoffType = DelayBackoffType.Exponential,
            Delay = TimeSpan.FromSeconds(1),
            ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                .Handle<HttpRequestException>()
                .HandleResult(r => !r.IsSuccessStatusCode),
        })
        .Build();

    public NotificationsClient(HttpClient http, ILogger<NotificationsClient> logger)
    {
        _http = http;
        _logger = logger;
    }

    // Deserialises whatever came back: a 401 problem document becomes an empty device list.
    public async Task<List<Device>?> ListDevicesAsync(string userId, CancellationToken ct)
    {
        var response = await _http.GetAsync($"/v3/users/{userId}/devices", ct);
        return await response.Content.ReadFromJsonAsync<List<Device>>(cancellationToken: ct);
    }

    public async Task<bool> DeleteDeviceAsync(string deviceId, CancellationToken ct)
    {
        using var response = await Pipeline.ExecuteAsync(
            async token => await _http.DeleteAsync($"/v3/devices/{deviceId}", token), ct);
        return response.IsSuccessStatusCode;
    }

    // Sends a push. A POST retried with no Idempotency-Key: if the first attempt
    // reached the provider, the user gets the notification twice. Every retry waits
    // the same 2 s.
    public async Task SendAsync(string deviceId, string message, CancellationToken ct)
    {
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            try
            {
                using var response = await _http.PostAsJsonAsync("/v3/push", new { deviceId, message }, ct);
                if (response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500)
                {
                    _logger.LogWarning("POST /v3/push attempt {Attempt}: {Status}", attempt, (int)response.StatusCode);
                    await Task.Delay(TimeSpan.FromSeconds(2), ct);
                    continue;
                }
                response.EnsureSuccessStatusCode();
                return;
            }
            catch (HttpRequestException ex) when (attempt < 4)
            {
                _logger.LogWarning(ex, "POST /v3/push attempt {Attempt} failed", attempt);
                await Task.Delay(TimeSpan.FromSeconds(2), ct);
            }
        }
    }

    // An outage or a revoked key reads as "no unread notifications".
    public async Task<int> UnreadCountAsync(string userId, CancellationToken ct)
    {
        try
        {
            return await _http.GetFromJsonAsync<int>($"/v3/users/{userId}/unread", ct);
        }
        catch (HttpRequestException)
        {
            return 0;
        }
    }
}
