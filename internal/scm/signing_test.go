package scm

import (
	"net/http"
	"strings"
	"testing"
)

// The SDK's published signing vectors (docs/api-notes.md), reproduced through the
// official SDK signer as the client calls it. Vector 3 signs Content-Type, which the SDK never does; the
// emulator's verifier reproduces it instead (internal/emulator).
func TestSignReproducesPublishedVectors(t *testing.T) {
	creds := Credentials{AccessKey: "AccessKey", SecretKey: "SecretKey"}
	tests := []struct {
		name   string
		method string
		url    string
		body   string
		want   string
	}{
		{
			name:   "GET without body",
			method: http.MethodGet,
			url:    "https://example.huaweicloud.com/path?limit=1",
			want:   "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, Signature=5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624",
		},
		{
			name:   "POST with a JSON body ending in a newline",
			method: http.MethodPost,
			url:    "https://example.huaweicloud.com/path?key=value",
			body:   "{\"Name\":\"test\",\"Id\":1}\n",
			want:   "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, Signature=cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, tt.url, strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("TEST_UNDERSCORE", "x")
			if err := sign(req, map[string]string{"X-Sdk-Date": "20060102T150405Z"}, []byte(tt.body), creds); err != nil {
				t.Fatal(err)
			}
			if got := req.Header.Get("Authorization"); got != tt.want {
				t.Errorf("Authorization:\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestSignSetsTheSignedHeadersOnTheRequest(t *testing.T) {
	req, _ := http.NewRequest(http.MethodGet, "https://scm.example.com/v3/scm/certificates/scs1554192131150", nil)
	headers := map[string]string{"X-Sdk-Date": "20250101T000000Z", "Host": req.URL.Host, "X-Security-Token": "token"}
	if err := sign(req, headers, nil, Credentials{AccessKey: "ak", SecretKey: "sk"}); err != nil {
		t.Fatal(err)
	}
	if got := req.Header.Get("X-Security-Token"); got != "token" {
		t.Errorf("X-Security-Token = %q, want it sent as signed", got)
	}
	if got := req.Header.Get("Authorization"); !strings.Contains(got, "SignedHeaders=host;x-sdk-date;x-security-token,") {
		t.Errorf("Authorization = %q, want host, date and token signed", got)
	}
}
