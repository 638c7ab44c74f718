package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
)

// controlCommand is one subcommand that drives a running emulator over its control API,
// so that shell scripts need no HTTP client: it turns its arguments into one control
// call, and prints the answer when there is one to print. "call" reaches every control
// call; the others name the common ones.
type controlCommand struct {
	usage   string
	request func(args []string) (method, path string, body any, err error)
	// print writes the answer; nil: the answer is only checked for success.
	print func(out io.Writer, answer io.Reader) error
}

var controlCommands = map[string]controlCommand{
	"publish": {usage: "NAME VALUE", request: func(args []string) (string, string, any, error) {
		if len(args) != 2 {
			return "", "", nil, errUsage
		}
		return http.MethodPost, "/_emulator/dns-records", map[string]string{"name": args[0], "value": args[1]}, nil
	}},
	"issue":    certificateControl("issue"),
	"refuse":   certificateControl("refuse"),
	"withdraw": certificateControl("withdraw"),
	"advance": {usage: "DURATION", request: func(args []string) (string, string, any, error) {
		if len(args) != 1 {
			return "", "", nil, errUsage
		}
		if _, err := time.ParseDuration(args[0]); err != nil {
			return "", "", nil, fmt.Errorf("%q is not a duration such as 10m", args[0])
		}
		return http.MethodPost, "/_emulator/clock/advance", map[string]string{"by": args[0]}, nil
	}},
	"events": {usage: "", request: func(args []string) (string, string, any, error) {
		if len(args) != 0 {
			return "", "", nil, errUsage
		}
		return http.MethodGet, "/_emulator/events", nil, nil
	}, print: printEvents},
	"call": {usage: "METHOD /_emulator/PATH [JSON]", request: func(args []string) (string, string, any, error) {
		if len(args) < 2 || len(args) > 3 {
			return "", "", nil, errUsage
		}
		if !strings.HasPrefix(args[1], "/_emulator/") {
			return "", "", nil, fmt.Errorf("%q is not a control call: its path starts with /_emulator/", args[1])
		}
		var body any
		if len(args) == 3 {
			if !json.Valid([]byte(args[2])) {
				return "", "", nil, fmt.Errorf("the body %q is not JSON", args[2])
			}
			body = json.RawMessage(args[2])
		}
		return strings.ToUpper(args[0]), args[1], body, nil
	}, print: copyAnswer},
}

// copyAnswer writes a control call's answer as it came.
func copyAnswer(out io.Writer, answer io.Reader) error {
	_, err := io.Copy(out, answer)
	return err
}

var errUsage = errors.New("wrong arguments")

func certificateControl(action string) controlCommand {
	return controlCommand{usage: "CERTIFICATE_ID", request: func(args []string) (string, string, any, error) {
		if len(args) != 1 {
			return "", "", nil, errUsage
		}
		return http.MethodPost, "/_emulator/certificates/" + url.PathEscape(args[0]) + "/" + action, nil, nil
	}}
}

// printEvents writes the emulator's events, one a line: sequence, service time, kind,
// certificate and detail, separated by tabs.
func printEvents(out io.Writer, answer io.Reader) error {
	var events []struct {
		Seq           int       `json:"seq"`
		Time          time.Time `json:"time"`
		Kind          string    `json:"kind"`
		CertificateID string    `json:"certificate_id"`
		Detail        string    `json:"detail"`
	}
	if err := json.NewDecoder(answer).Decode(&events); err != nil {
		return fmt.Errorf("reading the events: %w", err)
	}
	for _, e := range events {
		if _, err := fmt.Fprintf(out, "%d\t%s\t%s\t%s\t%s\n", e.Seq, e.Time.UTC().Format(time.RFC3339), e.Kind, e.CertificateID, e.Detail); err != nil {
			return err
		}
	}
	return nil
}

func runControl(name string, args []string, out io.Writer) error {
	command := controlCommands[name]
	flags := flag.NewFlagSet("scm-emulator "+name, flag.ContinueOnError)
	base := flags.String("url", firstSet(os.Getenv("SCM_EMULATOR_URL"), os.Getenv("HW_SCM_ENDPOINT")),
		"base URL of the emulator (default $SCM_EMULATOR_URL, else $HW_SCM_ENDPOINT)")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if *base == "" {
		return errors.New("no emulator to talk to: pass -url or set SCM_EMULATOR_URL")
	}
	method, path, body, err := command.request(flags.Args())
	if errors.Is(err, errUsage) {
		return fmt.Errorf("usage: scm-emulator %s [-url URL] %s", name, command.usage)
	}
	if err != nil {
		return err
	}
	var payload io.Reader
	if body != nil {
		encoded, _ := json.Marshal(body)
		payload = bytes.NewReader(encoded)
	}
	// The URL is the user's own emulator, given on the command line or in the environment.
	req, err := http.NewRequest(method, strings.TrimRight(*base, "/")+path, payload) //nolint:gosec // G704: see above
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	client := &http.Client{Timeout: 30 * time.Second}
	resp, err := client.Do(req) //nolint:gosec // G704: the user's own emulator, as above
	if err != nil {
		return err
	}
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode >= 300 {
		answer, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		return fmt.Errorf("%s: HTTP %d %s", name, resp.StatusCode, strings.TrimSpace(string(answer)))
	}
	if command.print != nil {
		return command.print(out, resp.Body)
	}
	return nil
}

func firstSet(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}
