package billing

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"math/rand"
	"net/http"
	"strconv"
	"time"
)

// ErrUnauthorized means the token was rejected; retrying will not help.
var ErrUnauthorized = errors.New("github: token rejected (401/403)")

// Release is the part of a GitHub release this service uses.
type Release struct {
	TagName string `json:"tag_name"`
	HTMLURL string `json:"html_url"`
}

// GitHubClient reads releases with a bounded, jittered retry loop.
type GitHubClient struct {
	Token  string
	Logger *log.Logger
	http   *http.Client
}

// NewGitHubClient sets a timeout on the client.
func NewGitHubClient(token string, logger *log.Logger) *GitHubClient {
	return &GitHubClient{Token: token, Logger: logger, http: &http.Client{Timeout: 10 * time.Second}}
}

// LatestRelease retries network errors, 429 and 5xx up to four times with capped
// exponential backoff and full jitter, honours Retry-After, and gives up on 401/403.
func (g *GitHubClient) LatestRelease(ctx context.Context, repo string) (*Release, error) {
	url := "https://api.github.com/repos/" + repo + "/releases/latest"
	const maxAttempts = 4
	var lastErr error
	for attempt := 1; attempt <= maxAttempts; attempt++ {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return nil, err
		}
		req.Header.Set("Authorization", "Bearer "+g.Token)
		req.Header.Set("Accept", "application/vnd.github+json")

		resp, err := g.http.Do(req)
		if err != nil {
			lastErr = err
			g.Logger.Printf("GET %s attempt %d: %v", url, attempt, err)
		} else {
			switch {
			case resp.StatusCode == http.StatusOK:
				defer resp.Body.Close()
				var rel Release
				if err := json.NewDecoder(resp.Body).Decode(&rel); err != nil {
					return nil, fmt.Errorf("decode release: %w", err)
				}
				return &rel, nil
			case resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden:
				resp.Body.Close()
				return nil, fmt.Errorf("GET %s: %w (request id %s)", url, ErrUnauthorized, resp.Header.Get("X-GitHub-Request-Id"))
			case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500:
				lastErr = fmt.Errorf("GET %s: status %d", url, resp.StatusCode)
				g.Logger.Printf("GET %s attempt %d: status %d, request id %s", url, attempt, resp.StatusCode, resp.Header.Get("X-GitHub-Request-Id"))
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if wait, ok := retryAfter(resp.Header.Get("Retry-After")); ok && attempt < maxAttempts {
					if err := sleep(ctx, wait); err != nil {
						return nil, err
					}
					continue
				}
			default:
				resp.Body.Close()
				return nil, fmt.Errorf("GET %s: status %d", url, resp.StatusCode)
			}
		}
		if attempt == maxAttempts {
			break
		}
		backoff := time.Duration(1<<uint(attempt-1)) * 500 * time.Millisecond
		if backoff > 8*time.Second {
			backoff = 8 * time.Second
		}
		if err := sleep(ctx, time.Duration(rand.Int63n(int64(backoff)))); err != nil {
			return nil, err
		}
	}
	return nil, lastErr
}

// retryAfter reads a Retry-After header in seconds or as an HTTP date, capped at a minute.
func retryAfter(value string) (time.Duration, bool) {
	if value == "" {
		return 0, false
	}
	var d time.Duration
	if secs, err := strconv.Atoi(value); err == nil {
		d = time.Duration(secs) * time.Second
	} else if at, err := http.ParseTime(value); err == nil {
		d = time.Until(at)
	} else {
		return 0, false
	}
	if d < 0 {
		d = 0
	}
	if d > time.Minute {
		d = time.Minute
	}
	return d, true
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
