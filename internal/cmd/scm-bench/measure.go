package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/scmteam/terraform-provider-scm/internal/emulator"
	"github.com/scmteam/terraform-provider-scm/internal/scm"
)

const (
	benchAccessKey = "BENCHACCESSKEY000001"
	benchSecretKey = "bench-secret-key"
	// throttledRetries keeps a 30%-throttled apply of hundreds of requests from ever
	// exhausting its retries (0.3^11 per request); the provider's default is 5.
	throttledRetries = 10
)

// Phases timed and counted.
const (
	phaseApply   = "plan+apply"
	phasePlan    = "refresh plan"
	phaseDestroy = "destroy"
	phaseImport  = "import"
	phaseRead    = "data source read, issued"
)

type results struct {
	times      map[string]map[string][]time.Duration // flavour → phase → one per run
	counts     map[string]emulator.Counts            // phase → requests of the scm flavour (first run)
	throttled  throttledResult
	limited    []rateLimitedResult
	peakRSS    map[string]int64 // flavour → KiB, provider process during the refresh plan
	binarySize map[string]int64
	validate   map[string][]time.Duration
	goBench    string
}

type throttledResult struct {
	elapsed   time.Duration
	succeeded int
	counts    emulator.Counts
}

func (b *bench) measure() (*results, error) {
	r := &results{
		times: map[string]map[string][]time.Duration{}, counts: map[string]emulator.Counts{},
		peakRSS: map[string]int64{}, binarySize: map[string]int64{}, validate: map[string][]time.Duration{},
	}
	for _, f := range flavours {
		r.times[f] = map[string][]time.Duration{}
	}
	for run := range b.opts.runs {
		log.Printf("run %d/%d", run+1, b.opts.runs)
		if err := b.lifecycles(r, run); err != nil {
			return nil, fmt.Errorf("run %d: %w", run+1, err)
		}
	}
	log.Printf("import")
	if err := b.importPass(r); err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	log.Printf("data source reads")
	if err := b.dataSourcePass(r); err != nil {
		return nil, fmt.Errorf("data source reads: %w", err)
	}
	log.Printf("throttled apply")
	if err := b.throttledPass(r); err != nil {
		return nil, fmt.Errorf("throttled apply: %w", err)
	}
	if err := b.rateLimitedPasses(r); err != nil {
		return nil, fmt.Errorf("rate-limited apply: %w", err)
	}
	log.Printf("terraform validate")
	if err := b.validatePass(r); err != nil {
		return nil, fmt.Errorf("validate: %w", err)
	}
	for f, binary := range b.binaries {
		info, err := os.Stat(binary)
		if err != nil {
			return nil, err
		}
		r.binarySize[f] = info.Size()
	}
	return r, nil
}

// lifecycles times apply, a refresh plan and destroy of every flavour, each on its own
// fresh emulator. The flavours take turns phase by phase, so that a drift in the
// machine's speed touches them alike.
func (b *bench) lifecycles(r *results, run int) error {
	dirs, emulators := map[string]string{}, map[string]*emulator.Server{}
	for _, f := range flavours {
		emu, url, stop, err := startEmulator(b.opts.resources, emulator.Faults{})
		if err != nil {
			return err
		}
		defer stop()
		if dirs[f], err = b.workspace(f, configuration(f, b.opts.resources, url, 5)); err != nil {
			return err
		}
		emulators[f] = emu
	}
	p := fmt.Sprintf("-parallelism=%d", b.opts.parallelism)
	steps := []struct {
		phase string
		args  []string
	}{
		{phaseApply, []string{"apply", "-auto-approve", "-input=false", p}},
		{phasePlan, []string{"plan", "-input=false", "-detailed-exitcode", p}},
		{phaseDestroy, []string{"destroy", "-auto-approve", "-input=false", p}},
	}
	for _, step := range steps {
		for _, f := range flavours {
			emulators[f].ResetCounts()
			var sampler *rssSampler
			if step.phase == phasePlan && f != flavourData {
				sampler = sampleRSS(b.binaries[f])
			}
			elapsed, err := b.terraform(f, dirs[f], step.args...)
			if sampler != nil {
				r.peakRSS[f] = max(r.peakRSS[f], sampler.stop())
			}
			if err != nil {
				return fmt.Errorf("%s, %s: %w", f, step.phase, err)
			}
			r.times[f][step.phase] = append(r.times[f][step.phase], elapsed)
			if f == flavourSCM && run == 0 {
				r.counts[step.phase] = emulators[f].Counts()
			}
		}
	}
	return nil
}

// importPass applies, forgets the applications, and imports them with import blocks.
func (b *bench) importPass(r *results) error {
	emu, url, stop, err := startEmulator(b.opts.resources, emulator.Faults{})
	if err != nil {
		return err
	}
	defer stop()
	dir, err := b.workspace(flavourSCM, configuration(flavourSCM, b.opts.resources, url, 5))
	if err != nil {
		return err
	}
	if _, err := b.terraform(flavourSCM, dir, "apply", "-auto-approve", "-input=false"); err != nil {
		return err
	}
	addresses := []string{"state", "rm"}
	var imports strings.Builder
	for i := range b.opts.resources {
		address := fmt.Sprintf("scm_certificate_application.app%03d", i)
		addresses = append(addresses, address)
		fmt.Fprintf(&imports, "import {\n  to = %s\n  id = %q\n}\n", address, certificateID(i))
	}
	if _, err := b.terraform(flavourSCM, dir, addresses...); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "imports.tf"), []byte(imports.String()), 0o600); err != nil {
		return err
	}
	emu.ResetCounts()
	if _, err := b.terraform(flavourSCM, dir, "apply", "-auto-approve", "-input=false"); err != nil {
		return err
	}
	r.counts[phaseImport] = emu.Counts()
	return nil
}

// dataSourcePass reads every certificate, issued, with the scm_certificate data source
// in one plan, and counts the requests: a show, and the export of the PEM attributes.
func (b *bench) dataSourcePass(r *results) error {
	emu, url, stop, err := startEmulator(b.opts.resources, emulator.Faults{})
	if err != nil {
		return err
	}
	defer stop()
	client, err := scm.NewClient(scm.Config{Endpoint: url, Credentials: scm.Credentials{AccessKey: benchAccessKey, SecretKey: benchSecretKey}})
	if err != nil {
		return err
	}
	var config strings.Builder
	config.WriteString(providerBlock(url, 5))
	for i := range b.opts.resources {
		application := scm.ApplyRequest{Domain: fmt.Sprintf("www%03d.example.com", i), ApplicantName: "Tom", ApplicantPhone: "13212345678",
			ApplicantEmail: "tom@example.com", AgreePrivacyProtection: true, DomainMethod: "DNS"}
		if err := client.Apply(context.Background(), certificateID(i), application); err != nil {
			return err
		}
		if err := emu.Issue(certificateID(i)); err != nil {
			return err
		}
		fmt.Fprintf(&config, "data \"scm_certificate\" \"c%03d\" {\n  certificate_id = %q\n}\n", i, certificateID(i))
	}
	dir, err := b.workspace(flavourSCM, config.String())
	if err != nil {
		return err
	}
	emu.ResetCounts()
	if _, err := b.terraform(flavourSCM, dir, "plan", "-input=false"); err != nil {
		return err
	}
	r.counts[phaseRead] = emu.Counts()
	return nil
}

// throttledPass applies with 30% of requests throttled.
func (b *bench) throttledPass(r *results) error {
	emu, url, stop, err := startEmulator(b.opts.resources, emulator.Faults{ThrottleRate: 0.3})
	if err != nil {
		return err
	}
	defer stop()
	dir, err := b.workspace(flavourSCM, configuration(flavourSCM, b.opts.resources, url, throttledRetries))
	if err != nil {
		return err
	}
	elapsed, applyErr := b.terraform(flavourSCM, dir, "apply", "-auto-approve", "-input=false", fmt.Sprintf("-parallelism=%d", b.opts.parallelism))
	r.throttled = throttledResult{elapsed: elapsed, counts: emu.Counts()}
	r.throttled.succeeded = appliedOnce(emu, b.opts.resources, r.throttled.counts)
	if applyErr != nil {
		log.Printf("the throttled apply failed: %v", applyErr)
	}
	return nil
}

// The rate-limited runs: applications applied, with the provider's default settings,
// against the gateway's throttling policies: fixed windows, as the real gateway counts
// them, and the emulator's token bucket (burst: one second's worth). Both name their
// policy in the 429, as the gateway does.
const rateLimitedApplications = 60

var limitCases = []emulator.Faults{
	{WindowLimit: 20, Window: emulator.Duration(time.Second)},
	{WindowLimit: 40, Window: emulator.Duration(10 * time.Second)},
	{WindowLimit: 60, Window: emulator.Duration(time.Minute)},
	{RateLimit: 20}, {RateLimit: 4}, {RateLimit: 1},
}

type rateLimitedResult struct {
	faults    emulator.Faults
	elapsed   time.Duration
	succeeded int
	counts    emulator.Counts
	// unthrottled is the same apply's time without a limit.
	unthrottled time.Duration
}

func (l rateLimitedResult) name() string {
	if l.faults.WindowLimit > 0 {
		return fmt.Sprintf("%d per %s window", l.faults.WindowLimit, time.Duration(l.faults.Window))
	}
	return fmt.Sprintf("%g/s bucket", l.faults.RateLimit)
}

// admitted is how many requests the gateway let through.
func (l rateLimitedResult) admitted() int { return l.counts.Requests - l.counts.RateLimited }

// ideal is the least time the limit allows for the requests admitted. A window policy:
// the unthrottled apply, and a window for each share of the admitted requests but the
// first. A bucket: all but the first burst wait for a token.
func (l rateLimitedResult) ideal() time.Duration {
	if limit := l.faults.WindowLimit; limit > 0 {
		windows := (l.admitted() + limit - 1) / limit
		return l.unthrottled + time.Duration(windows-1)*time.Duration(l.faults.Window)
	}
	burst := max(1, int(l.faults.RateLimit))
	return time.Duration(float64(l.admitted()-burst) / l.faults.RateLimit * float64(time.Second))
}

// refused is the share of requests refused with 429.
func (l rateLimitedResult) refused() float64 {
	return float64(l.counts.RateLimited) / float64(max(1, l.counts.Requests))
}

func (b *bench) rateLimitedPasses(r *results) error {
	var unthrottled time.Duration
	for _, faults := range append([]emulator.Faults{{}}, limitCases...) {
		emu, url, stop, err := startEmulator(rateLimitedApplications, faults)
		if err != nil {
			return err
		}
		dir, err := b.workspace(flavourSCM, configuration(flavourSCM, rateLimitedApplications, url, 5))
		if err != nil {
			stop()
			return err
		}
		result := rateLimitedResult{faults: faults, unthrottled: unthrottled}
		log.Printf("apply under %s", result.name())
		elapsed, applyErr := b.terraform(flavourSCM, dir, "apply", "-auto-approve", "-input=false", fmt.Sprintf("-parallelism=%d", b.opts.parallelism))
		result.elapsed, result.counts = elapsed, emu.Counts()
		result.succeeded = appliedOnce(emu, rateLimitedApplications, result.counts)
		stop()
		if applyErr != nil {
			log.Printf("the apply under %s failed: %v", result.name(), applyErr)
		}
		if faults == (emulator.Faults{}) {
			unthrottled = elapsed
			continue
		}
		r.limited = append(r.limited, result)
	}
	return nil
}

// appliedOnce counts the certificates under review that the service took exactly one
// application for.
func appliedOnce(emu *emulator.Server, n int, counts emulator.Counts) int {
	succeeded := 0
	for i := range n {
		cert, _ := emu.Certificate(certificateID(i))
		if cert.Status == "CHECKING" && counts.ApplicationsByCertificate[cert.ID] == 1 {
			succeeded++
		}
	}
	return succeeded
}

// validatePass times `terraform validate` of one resource: provider start-up and schema.
func (b *bench) validatePass(r *results) error {
	dirs := map[string]string{}
	for _, f := range []string{flavourSCM, flavourNoop, flavourData} {
		dir, err := b.workspace(f, configuration(f, 1, "http://127.0.0.1:1", 5))
		if err != nil {
			return err
		}
		dirs[f] = dir
	}
	for range 2*b.opts.runs + 1 {
		for _, f := range []string{flavourSCM, flavourNoop, flavourData} {
			elapsed, err := b.terraform(f, dirs[f], "validate")
			if err != nil {
				return err
			}
			r.validate[f] = append(r.validate[f], elapsed)
		}
	}
	return nil
}

func (b *bench) workspace(flavour, config string) (string, error) {
	dir, err := os.MkdirTemp(b.work, flavour+"-")
	if err != nil {
		return "", err
	}
	return dir, os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600)
}

// terraform runs the CLI in dir with the flavour's CLI configuration and times it.
func (b *bench) terraform(flavour, dir string, args ...string) (time.Duration, error) {
	cmd := exec.Command(b.opts.terraform, append([]string{"-chdir=" + dir}, args...)...) //nolint:gosec // the benchmark's own CLI
	cmd.Env = append(withoutTerraformLogging(os.Environ()),
		"TF_CLI_CONFIG_FILE="+b.cliConfigs[flavour], "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
	if flavour == flavourFilled {
		cmd.Env = append(cmd.Env, "SCM_NOOP_FILL_COMPUTED=1")
	}
	start := time.Now()
	out, err := cmd.CombinedOutput()
	elapsed := time.Since(start)
	if err != nil {
		return elapsed, fmt.Errorf("terraform %s: %v\n%s", strings.Join(args, " "), err, tail(out, 3000))
	}
	return elapsed, nil
}

func withoutTerraformLogging(env []string) []string {
	out := env[:0:0]
	for _, kv := range env {
		if !strings.HasPrefix(kv, "TF_LOG") && !strings.HasPrefix(kv, "TF_CLI_CONFIG_FILE=") {
			out = append(out, kv)
		}
	}
	return out
}

func tail(out []byte, n int) string {
	if len(out) > n {
		out = out[len(out)-n:]
	}
	return string(out)
}

// startEmulator serves a fresh emulator with n purchased certificates.
func startEmulator(n int, faults emulator.Faults) (*emulator.Server, string, func(), error) {
	seeds := make([]emulator.Seed, n)
	for i := range seeds {
		seeds[i] = emulator.Seed{ID: certificateID(i)}
	}
	emu, err := emulator.New(emulator.Options{AccessKey: benchAccessKey, SecretKey: benchSecretKey, RandomSeed: 1}, seeds...)
	if err != nil {
		return nil, "", nil, err
	}
	if err := emu.SetFaults(faults); err != nil {
		return nil, "", nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, "", nil, err
	}
	server := &http.Server{Handler: emu, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := server.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			log.Printf("emulator: %v", err)
		}
	}()
	return emu, "http://" + ln.Addr().String(), func() { _ = server.Close() }, nil
}
