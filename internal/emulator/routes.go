package emulator

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// certificatesPath is where the API's calls live.
const certificatesPath = "/v3/scm/certificates"

// certificateRoute is one call on one certificate: its method and the path that follows
// the certificate's id ("" for the certificate itself).
type certificateRoute struct{ method, action string }

// routeCertificateCall finds the handler of a call on one certificate and the id it names.
//
// The id segment is cut from the escaped path here rather than by an http.ServeMux
// pattern: ServeMux answers 404 when the segment is exactly "%2F" (seen with Go 1.26;
// "a%2Fb" and "%2F%2F" are matched), so the client's escaping of such an id would never
// be tested. Literal "." and ".." segments are left to ServeMux, which cleans them as the
// gateway's path normalisation would.
func routeCertificateCall(routes map[certificateRoute]http.Handler, r *http.Request) (http.Handler, string) {
	rest, ok := strings.CutPrefix(r.URL.EscapedPath(), certificatesPath+"/")
	if !ok {
		return nil, ""
	}
	segment, action, slash := strings.Cut(rest, "/")
	if segment == "" || segment == "." || segment == ".." || (slash && action == "") {
		return nil, ""
	}
	id, err := url.PathUnescape(segment)
	if err != nil {
		return nil, ""
	}
	method := r.Method
	if method == http.MethodHead {
		method = http.MethodGet
	}
	if handler, ok := routes[certificateRoute{method, action}]; ok {
		return handler, id
	}
	var allowed []string
	for route := range routes {
		if route.action == action {
			allowed = append(allowed, route.method)
		}
	}
	if len(allowed) == 0 {
		return nil, ""
	}
	return methodNotAllowed(allowed), id
}

// methodNotAllowed answers a known path called with another method, as ServeMux would.
func methodNotAllowed(allowed []string) http.Handler {
	slices.Sort(allowed)
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Allow", strings.Join(allowed, ", "))
		http.Error(w, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
	})
}
