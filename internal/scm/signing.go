package scm

import (
	"net/http"
	"reflect"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/auth/signer"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/request"
)

// sdkDateFormat is the layout of the X-Sdk-Date header.
const sdkDateFormat = "20060102T150405Z"

// Credentials are the AK/SK pair, with the token of temporary credentials.
type Credentials struct {
	AccessKey     string
	SecretKey     string
	SecurityToken string
}

// sign signs req with the official SDK signer and sets the headers it returns
// (X-Sdk-Date, Authorization). signedHeaders are the headers to sign, X-Sdk-Date among
// them; they are also set on req so that what is sent is what was signed. The SDK never
// signs Content-Type or names containing "_", whatever is passed. body is hashed exactly
// as it is sent.
func sign(req *http.Request, signedHeaders map[string]string, body []byte, creds Credentials) error {
	builder := request.NewHttpRequestBuilder().
		WithMethod(req.Method).
		WithEndpoint(req.URL.Scheme + "://" + req.URL.Host).
		WithPath(req.URL.Path)
	for name, values := range req.URL.Query() {
		// The SDK canonicalises query values given as reflect.Value, slices as repeated keys.
		builder.AddQueryParam(name, reflect.ValueOf(values))
	}
	for name, value := range signedHeaders {
		builder.AddHeaderParam(name, value)
		if http.CanonicalHeaderKey(name) != "Host" {
			req.Header.Set(name, value)
		}
	}
	if len(body) > 0 {
		// A string body is hashed as it is; any other type would be re-encoded by the SDK.
		builder.WithBody("body", string(body))
	}

	headers, err := signer.Sign(builder.Build(), creds.AccessKey, creds.SecretKey)
	if err != nil {
		return err
	}
	for name, value := range headers {
		req.Header.Set(name, value)
	}
	return nil
}
