package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"slices"
	"time"
)

// registerControls serves the controls over HTTP, under /_emulator/. They are not part
// of the SCM API: unsigned and unauthenticated by design, for tests only. Bodies and
// answers are JSON; a refused call answers 4xx with {"error_code":"EMULATOR","error_msg":...}.
func (s *Server) registerControls(mux *http.ServeMux) {
	id := func(r *http.Request) string { return r.PathValue("id") }
	handle := func(pattern string, serve func(r *http.Request) (any, error)) {
		mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
			answer, err := serve(r)
			var refused *ControlError
			switch {
			case errors.As(err, &refused):
				writeJSON(w, refused.Status, errorAnswer{"EMULATOR", refused.Message})
			case err != nil:
				writeJSON(w, http.StatusBadRequest, errorAnswer{"EMULATOR", err.Error()})
			case answer == nil:
				w.WriteHeader(http.StatusNoContent)
			default:
				writeJSON(w, http.StatusOK, answer)
			}
		})
	}

	handle("GET /_emulator/certificates", func(*http.Request) (any, error) { return s.Certificates(), nil })
	handle("POST /_emulator/certificates", func(r *http.Request) (any, error) {
		var seeds []Seed
		if err := decodeOneOrMany(r.Body, &seeds); err != nil {
			return nil, err
		}
		return nil, s.AddCertificates(seeds...)
	})
	handle("GET /_emulator/certificates/{id}", func(r *http.Request) (any, error) {
		c, ok := s.Certificate(id(r))
		if !ok {
			return nil, noSuchCertificate(id(r))
		}
		return c, nil
	})
	handle("PATCH /_emulator/certificates/{id}", func(r *http.Request) (any, error) {
		patch, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if err != nil {
			return nil, err
		}
		return nil, s.Edit(id(r), patch)
	})
	handle("DELETE /_emulator/certificates/{id}", func(r *http.Request) (any, error) { return nil, s.Delete(id(r)) })
	handle("POST /_emulator/certificates/{id}/issue", func(r *http.Request) (any, error) { return nil, s.Issue(id(r)) })
	handle("POST /_emulator/certificates/{id}/refuse", func(r *http.Request) (any, error) { return nil, s.Refuse(id(r)) })
	handle("POST /_emulator/certificates/{id}/withdraw", func(r *http.Request) (any, error) { return nil, s.Withdraw(id(r)) })

	handle("PUT /_emulator/certificates/{id}/in-use", func(r *http.Request) (any, error) {
		var inUse struct {
			Service string `json:"service"`
		}
		if err := decodeStrict(r.Body, &inUse); err != nil {
			return nil, err
		}
		return nil, s.SetInUse(id(r), inUse.Service)
	})
	handle("DELETE /_emulator/certificates/{id}/in-use", func(r *http.Request) (any, error) { return nil, s.SetInUse(id(r), "") })

	handle("GET /_emulator/faults", func(*http.Request) (any, error) { return s.Faults(), nil })
	handle("PUT /_emulator/faults", func(r *http.Request) (any, error) {
		var f Faults
		if err := decodeStrict(r.Body, &f); err != nil {
			return nil, err
		}
		return nil, s.SetFaults(f)
	})
	handle("POST /_emulator/script", func(r *http.Request) (any, error) {
		var script struct {
			Operation Operation `json:"operation"`
			Faults    []Fault   `json:"faults"`
		}
		if err := decodeStrict(r.Body, &script); err != nil {
			return nil, err
		}
		if !knownOperation(script.Operation) {
			return nil, &ControlError{http.StatusBadRequest, "operation must be show, apply, withdraw, export, list, import or delete"}
		}
		s.Script(script.Operation, script.Faults...)
		return nil, nil
	})
	handle("GET /_emulator/settings", func(*http.Request) (any, error) { return s.Settings(), nil })
	handle("PATCH /_emulator/settings", func(r *http.Request) (any, error) {
		settings := s.Settings() // fields left out keep their values
		if err := decodeStrict(r.Body, &settings); err != nil {
			return nil, err
		}
		s.SetSettings(settings)
		return nil, nil
	})
	handle("GET /_emulator/clock", func(*http.Request) (any, error) { return map[string]time.Time{"now": s.Now()}, nil })
	handle("POST /_emulator/clock/advance", func(r *http.Request) (any, error) {
		var advance struct {
			By Duration `json:"by"`
		}
		if err := decodeStrict(r.Body, &advance); err != nil {
			return nil, err
		}
		return nil, s.AdvanceClock(time.Duration(advance.By))
	})
	handle("GET /_emulator/dns-records", func(*http.Request) (any, error) { return s.PublishedRecords(), nil })
	handle("POST /_emulator/dns-records", func(r *http.Request) (any, error) {
		var records []PublishedRecord
		if err := decodeOneOrMany(r.Body, &records); err != nil {
			return nil, err
		}
		for _, record := range records {
			if err := s.PublishRecord(record.Name, record.Value); err != nil {
				return nil, err
			}
		}
		return nil, nil
	})
	handle("GET /_emulator/events", func(*http.Request) (any, error) { return s.Events(), nil })
	handle("GET /_emulator/counts", func(*http.Request) (any, error) { return s.Counts(), nil })
	handle("POST /_emulator/counts/reset", func(*http.Request) (any, error) {
		s.ResetCounts()
		return nil, nil
	})
	mux.HandleFunc("GET /_emulator/ca", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/x-pem-file")
		_, _ = io.WriteString(w, s.CertificateAuthority())
	})
}

func knownOperation(op Operation) bool { return slices.Contains(operations, op) }

// decodeStrict decodes one JSON value and refuses unknown fields, so that a misspelt
// setting is an error rather than silently ignored.
func decodeStrict(body io.Reader, v any) error {
	dec := json.NewDecoder(io.LimitReader(body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return &ControlError{http.StatusBadRequest, "the body is not what this call takes: " + err.Error()}
	}
	return nil
}

// decodeOneOrMany takes a JSON array of T, or a single T.
func decodeOneOrMany[T any](body io.Reader, out *[]T) error {
	data, err := io.ReadAll(io.LimitReader(body, 1<<20))
	if err != nil {
		return err
	}
	if data = bytes.TrimSpace(data); len(data) > 0 && data[0] != '[' {
		data = append(append([]byte{'['}, data...), ']')
	}
	return decodeStrict(bytes.NewReader(data), out)
}
