// Command scm-bench measures the provider against the floor of a do-nothing provider
// built with the same framework and schema, and against terraform_data (no plugin at
// all), on the local emulator, and counts the API requests of each phase. It prints a
// Markdown table and writes it to a file. Run it with `make bench`.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

type options struct {
	resources   int
	runs        int
	parallelism int
	out         string
	terraform   string
	goBench     bool
}

func main() {
	var opts options
	flag.IntVar(&opts.resources, "n", 200, "resources per configuration")
	flag.IntVar(&opts.runs, "runs", 5, "timed runs of each flavour, interleaved")
	flag.IntVar(&opts.parallelism, "parallelism", 10, "terraform -parallelism")
	flag.StringVar(&opts.out, "out", "BENCHMARKS.md", "file the report is written to")
	flag.StringVar(&opts.terraform, "terraform", os.Getenv("TF_ACC_TERRAFORM_PATH"), "Terraform CLI")
	flag.BoolVar(&opts.goBench, "go-bench", true, "also run the Go benchmarks")
	flag.Parse()
	if opts.terraform == "" {
		log.Fatal("no Terraform CLI: pass -terraform or set TF_ACC_TERRAFORM_PATH (make bench does)")
	}
	started := time.Now()
	report, err := run(opts)
	if err != nil {
		log.Fatal(err)
	}
	report += fmt.Sprintf("\nThe whole benchmark took %s.\n", time.Since(started).Round(time.Second))
	fmt.Print(report)
	if err := os.WriteFile(opts.out, []byte(report), 0o644); err != nil { //nolint:gosec // a report meant to be read
		log.Fatal(err)
	}
	log.Printf("report written to %s", opts.out)
}

func run(opts options) (string, error) {
	work, err := os.MkdirTemp("", "scm-bench-")
	if err != nil {
		return "", err
	}
	// Every workspace and binary lives under work.
	defer func() { _ = os.RemoveAll(work) }()

	b := &bench{opts: opts, work: work}
	if err := b.build(); err != nil {
		return "", err
	}
	results, err := b.measure()
	if err != nil {
		return "", err
	}
	if opts.goBench {
		if results.goBench, err = goBenchmarks(); err != nil {
			return "", err
		}
	}
	return results.markdown(opts), nil
}

// bench holds the built binaries and the CLI configurations that select them.
type bench struct {
	opts options
	work string
	// cliConfigs maps a provider flavour to its CLI configuration file.
	cliConfigs map[string]string
	binaries   map[string]string
}

func (b *bench) build() error {
	b.cliConfigs, b.binaries = map[string]string{}, map[string]string{}
	for flavour, pkg := range map[string]string{flavourSCM: ".", flavourNoop: "./internal/cmd/noop-provider"} {
		dir := filepath.Join(b.work, flavour+"-bin")
		binary := filepath.Join(dir, "terraform-provider-scm")
		log.Printf("building %s", pkg)
		if out, err := exec.Command("go", "build", "-o", binary, pkg).CombinedOutput(); err != nil { //nolint:gosec // G204: the benchmark builds its own packages
			return fmt.Errorf("go build %s: %v\n%s", pkg, err, out)
		}
		rc := filepath.Join(b.work, flavour+".tfrc")
		config := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n  direct {}\n}\n",
			"registry.terraform.io/scmteam/scm", dir)
		if err := os.WriteFile(rc, []byte(config), 0o600); err != nil {
			return err
		}
		b.cliConfigs[flavour], b.binaries[flavour] = rc, binary
	}
	b.cliConfigs[flavourFilled], b.binaries[flavourFilled] = b.cliConfigs[flavourNoop], b.binaries[flavourNoop]
	b.cliConfigs[flavourData] = filepath.Join(b.work, "empty.tfrc")
	return os.WriteFile(b.cliConfigs[flavourData], nil, 0o600)
}

// Flavours of the same configuration.
const (
	flavourSCM  = "scm"
	flavourNoop = "noop"
	// flavourFilled is the do-nothing provider storing placeholders where the real one
	// stores what the service returns, so that Terraform handles a state of the same shape.
	flavourFilled = "noop-filled"
	flavourData   = "terraform_data"
)

var flavours = []string{flavourSCM, flavourNoop, flavourFilled, flavourData}

func certificateID(i int) string { return fmt.Sprintf("scs%013d", 1554192131000+i) }

// configuration is N applications served by a provider flavour, or N terraform_data
// resources holding the same values.
// providerBlock is the scm provider's source and configuration for the emulator at
// endpoint.
func providerBlock(endpoint string, maxRetries int) string {
	return fmt.Sprintf(`terraform {
  required_providers {
    scm = { source = "scmteam/scm" }
  }
}

provider "scm" {
  endpoint    = %q
  access_key  = %q
  secret_key  = %q
  max_retries = %d
}
`, endpoint, benchAccessKey, benchSecretKey, maxRetries)
}

func configuration(flavour string, n int, endpoint string, maxRetries int) string {
	var b strings.Builder
	if flavour != flavourData {
		b.WriteString(providerBlock(endpoint, maxRetries))
	}
	for i := range n {
		fields := fmt.Sprintf(`certificate_id = %q
    domain = "www%03d.example.com"
    applicant_name = "Tom"
    applicant_phone = "13212345678"
    applicant_email = "tom@example.com"
    agree_privacy_protection = true`, certificateID(i), i)
		if flavour == flavourData {
			fmt.Fprintf(&b, "resource \"terraform_data\" \"app%03d\" {\n  input = {\n    %s\n  }\n}\n", i, fields)
		} else {
			fmt.Fprintf(&b, "resource \"scm_certificate_application\" \"app%03d\" {\n    %s\n}\n", i, fields)
		}
	}
	return b.String()
}
