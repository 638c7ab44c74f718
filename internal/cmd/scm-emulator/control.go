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

// controlCommands drive a running emulator over its control API, so that shell scripts
// need no HTTP client. Each turns its arguments into one control call.
var controlCommands = map[string]func(args []string) (path string, body any, err error){
	"publish": func(args []string) (string, any, error) {
		if len(args) != 2 {
			return "", nil, errors.New("usage: scm-emulator publish [-url URL] NAME VALUE")
		}
		return "/_emulator/dns-records", map[string]string{"name": args[0], "value": args[1]}, nil
	},
	"issue":    certificateControl("issue"),
	"refuse":   certificateControl("refuse"),
	"withdraw": certificateControl("withdraw"),
	"advance": func(args []string) (string, any, error) {
		if len(args) != 1 {
			return "", nil, errors.New("usage: scm-emulator advance [-url URL] DURATION")
		}
		if _, err := time.ParseDuration(args[0]); err != nil {
			return "", nil, fmt.Errorf("%q is not a duration such as 10m", args[0])
		}
		return "/_emulator/clock/advance", map[string]string{"by": args[0]}, nil
	},
}

func certificateControl(action string) func(args []string) (string, any, error) {
	return func(args []string) (string, any, error) {
		if len(args) != 1 {
			return "", nil, fmt.Errorf("usage: scm-emulator %s [-url URL] CERTIFICATE_ID", action)
		}
		return "/_emulator/certificates/" + url.PathEscape(args[0]) + "/" + action, nil, nil
	}
}

func runControl(command string, args []string) error {
	flags := flag.NewFlagSet("scm-emulator "+command, flag.ContinueOnError)
	base := flags.String("url", firstSet(os.Getenv("SCM_EMULATOR_URL"), os.Getenv("HW_SCM_ENDPOINT")),
		"base URL of the emulator (default $SCM_EMULATOR_URL, else $HW_SCM_ENDPOINT)")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if *base == "" {
		return errors.New("no emulator to talk to: pass -url or set SCM_EMULATOR_URL")
	}
	path, body, err := controlCommands[command](flags.Args())
	if err != nil {
		return err
	}
	var payload []byte
	if body != nil {
		payload, _ = json.Marshal(body)
	}
	client := &http.Client{Timeout: 30 * time.Second}
	resp, err := client.Post(strings.TrimRight(*base, "/")+path, "application/json", bytes.NewReader(payload))
	if err != nil {
		return err
	}
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode >= 300 {
		answer, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		return fmt.Errorf("%s: HTTP %d %s", command, resp.StatusCode, strings.TrimSpace(string(answer)))
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
