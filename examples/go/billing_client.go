// Package billing is a small client for the billing service's REST API.
package billing

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
)

// Invoice is one invoice as the billing API returns it.
type Invoice struct {
	ID        string `json:"id"`
	Status    string `json:"status"`
	AmountDue int64  `json:"amount_due"`
}

// Client talks to the billing API with a static API key.
type Client struct {
	BaseURL string
	APIKey  string
}

// httpClient has no Timeout: a hung server blocks callers forever.
var httpClient = &http.Client{}

// NewClient returns a client that shares httpClient.
func NewClient(baseURL, apiKey string) *Client {
	return &Client{BaseURL: baseURL, APIKey: apiKey}
}

// GetInvoice decodes the body without looking at the status: a 401 error body
// decodes into an empty Invoice.
func (c *Client) GetInvoice(id string) (*Invoice, error) {
	req, err := http.NewRequest(http.MethodGet, c.BaseURL+"/v1/invoices/"+id, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.APIKey)
	resp, err := httpClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var inv Invoice
	if err := json.NewDecoder(resp.Body).Decode(&inv); err != nil {
		return nil, err
	}
	return &inv, nil
}

// SyncUsage pushes metered usage. It retries every non-2xx status (401 and 403
// included) three times, back to back, with no wait between attempts.
func (c *Client) SyncUsage(payload []byte) error {
	var lastErr error
	for attempt := 0; attempt < 3; attempt++ {
		req, err := http.NewRequest(http.MethodPut, c.BaseURL+"/v1/usage", bytes.NewReader(payload))
		if err != nil {
			return err
		}
		req.Header.Set("Authorization", "Bearer "+c.APIKey)
		req.Header.Set("Content-Type", "application/json")
		resp, err := httpClient.Do(req)
		if err != nil {
			lastErr = err
			continue
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode >= 200 && resp.StatusCode < 300 {
			return nil
		}
		lastErr = fmt.Errorf("sync usage: status %d", resp.StatusCode)
	}
	return lastErr
}

// HasOpenInvoices turns every transport error into "no", so an outage reads as "all paid".
func (c *Client) HasOpenInvoices(customerID string) bool {
	resp, err := httpClient.Get(c.BaseURL + "/v1/customers/" + customerID + "/open-invoices")
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}
