package emulator

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
)

// The verifier is written here from the published signing rules (docs/api-notes.md)
// rather than taken from the vendor SDK that the client signs with: a second, independent
// implementation is what catches a client that feeds the SDK the wrong headers, path or
// body.

const (
	signingAlgorithm = "SDK-HMAC-SHA256"
	sdkDateLayout    = "20060102T150405Z"
	maxClockSkew     = 15 * time.Minute
)

// authorization is the parsed Authorization header.
type authorization struct {
	accessKey     string
	signedHeaders []string
	signature     string
}

func parseAuthorization(h string) (authorization, error) {
	rest, ok := strings.CutPrefix(h, signingAlgorithm+" ")
	if !ok {
		return authorization{}, errors.New("the Authorization header does not start with " + signingAlgorithm)
	}
	var a authorization
	for _, part := range strings.Split(rest, ", ") {
		key, value, _ := strings.Cut(part, "=")
		switch key {
		case "Access":
			a.accessKey = value
		case "SignedHeaders":
			a.signedHeaders = strings.Split(value, ";")
		case "Signature":
			a.signature = value
		}
	}
	if a.accessKey == "" || len(a.signedHeaders) == 0 || a.signature == "" {
		return authorization{}, errors.New("the Authorization header lacks Access, SignedHeaders or Signature")
	}
	return a, nil
}

// verifySignature checks the AK/SK signature of r, whose body has been read into body.
func verifySignature(r *http.Request, body []byte, accessKey, secretKey string, now time.Time) error {
	auth, err := parseAuthorization(r.Header.Get("Authorization"))
	if err != nil {
		return err
	}
	if auth.accessKey != accessKey {
		return errors.New("unknown access key")
	}
	date := r.Header.Get("X-Sdk-Date")
	at, err := time.Parse(sdkDateLayout, date)
	if err != nil {
		return fmt.Errorf("X-Sdk-Date %q is not in the form %s", date, sdkDateLayout)
	}
	if skew := now.Sub(at); skew > maxClockSkew || skew < -maxClockSkew {
		return fmt.Errorf("X-Sdk-Date %s is more than %s off", date, maxClockSkew)
	}
	signed := map[string]bool{}
	for _, h := range auth.signedHeaders {
		signed[h] = true
	}
	for _, must := range []string{"x-sdk-date", "x-security-token", "x-domain-id"} {
		if r.Header.Get(must) != "" && !signed[must] {
			return fmt.Errorf("header %s is sent but not signed", must)
		}
	}
	headers := map[string]string{}
	for _, name := range auth.signedHeaders {
		if name == "host" {
			headers[name] = r.Host
			continue
		}
		headers[name] = r.Header.Get(name)
	}
	canonical := canonicalRequest(r.Method, r.URL.Path, r.URL.Query(), headers, auth.signedHeaders, body)
	want := signature(secretKey, date, canonical)
	if !hmac.Equal([]byte(want), []byte(auth.signature)) {
		return errors.New("verify aksk signature fail")
	}
	return nil
}

// canonicalRequest builds the canonical request of the SDK-HMAC-SHA256 scheme.
func canonicalRequest(method, path string, query url.Values, headers map[string]string, signedHeaders []string, body []byte) string {
	segments := strings.Split(path, "/")
	for i, s := range segments {
		segments[i] = escape(s)
	}
	uri := strings.Join(segments, "/")
	if !strings.HasSuffix(uri, "/") {
		uri += "/"
	}

	keys := make([]string, 0, len(query))
	for k := range query {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var pairs []string
	for _, k := range keys {
		values := append([]string(nil), query[k]...)
		sort.Strings(values)
		for _, v := range values {
			pairs = append(pairs, escape(k)+"="+escape(v))
		}
	}

	var b strings.Builder
	for _, name := range signedHeaders {
		b.WriteString(name + ":" + strings.TrimSpace(headers[name]) + "\n")
	}
	bodyHash := sha256.Sum256(body)
	return strings.Join([]string{
		method, uri, strings.Join(pairs, "&"), b.String(), strings.Join(signedHeaders, ";"), hex.EncodeToString(bodyHash[:]),
	}, "\n")
}

func signature(secretKey, date, canonical string) string {
	hash := sha256.Sum256([]byte(canonical))
	stringToSign := signingAlgorithm + "\n" + date + "\n" + hex.EncodeToString(hash[:])
	mac := hmac.New(sha256.New, []byte(secretKey))
	mac.Write([]byte(stringToSign))
	return hex.EncodeToString(mac.Sum(nil))
}

// escape percent-encodes all but the unreserved characters, with upper-case hex.
func escape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}
