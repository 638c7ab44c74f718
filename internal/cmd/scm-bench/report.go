package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/scmteam/terraform-provider-scm/internal/emulator"
)

// Goals the numbers are held to (issue: benchmarks).
const (
	goalApplyRatio    = 1.10
	goalPlanRatio     = 1.25
	goalValidateRatio = 1.20
	// goalRSSRatio holds the provider's peak RSS to the do-nothing provider's, built with
	// the same framework: most of either is the framework's.
	goalRSSRatio      = 1.1
	goalRequestsApply = 4.0
	// Under a throttling policy: wall time against the ideal the policy allows, and the
	// share of requests refused (15% for a bucket slower than 4 per second).
	goalLimitedRatio      = 1.2
	goalLimitedRefused    = 0.10
	goalSlowBucketRefused = 0.15
)

// unthrottledOf is the unthrottled apply's time the window results were measured against.
func unthrottledOf(results []rateLimitedResult) time.Duration {
	for _, l := range results {
		if l.unthrottled > 0 {
			return l.unthrottled
		}
	}
	return 0
}

func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

// medianRatio is the median of the ratios of paired runs: each run of a and b was
// measured back to back, so their ratio cancels most of the machine's drift.
func medianRatio(a, b []time.Duration) float64 {
	ratios := make([]float64, 0, len(a))
	for i := range min(len(a), len(b)) {
		ratios = append(ratios, a[i].Seconds()/b[i].Seconds())
	}
	if len(ratios) == 0 {
		return 0
	}
	slices.Sort(ratios)
	return ratios[len(ratios)/2]
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }

func verdict(ok bool) string {
	if ok {
		return "met"
	}
	return "**missed**"
}

func (r *results) markdown(opts options) string {
	var b strings.Builder
	n := opts.resources
	fmt.Fprintf(&b, "# Benchmarks\n\n%s\n\n", machine(opts.terraform))
	fmt.Fprintf(&b, "%d resources, `-parallelism=%d`, against the local emulator. Times are medians of %d runs; in each run the flavours take turns phase by phase, and each ratio is the median of the ratios within a run.\n\n", n, opts.parallelism, opts.runs)

	b.WriteString("## Time\n\n| phase | terraform_data (no plugin) | do-nothing provider | do-nothing, same-shape state | scm provider | scm / do-nothing | scm / same-shape | goal |\n|---|---|---|---|---|---|---|---|\n")
	goals := map[string]float64{phaseApply: goalApplyRatio, phasePlan: goalPlanRatio}
	for _, phase := range []string{phaseApply, phasePlan, phaseDestroy} {
		data, noop, scm := median(r.times[flavourData][phase]), median(r.times[flavourNoop][phase]), median(r.times[flavourSCM][phase])
		filled := median(r.times[flavourFilled][phase])
		ratio := medianRatio(r.times[flavourSCM][phase], r.times[flavourNoop][phase])
		goal := "-"
		if g, ok := goals[phase]; ok {
			goal = fmt.Sprintf("≤ %.2f: %s", g, verdict(ratio <= g))
		}
		fmt.Fprintf(&b, "| %s of %d | %s | %s | %s | %s | %.2f | %.2f | %s |\n", phase, n, seconds(data), seconds(noop), seconds(filled),
			seconds(scm), ratio, medianRatio(r.times[flavourSCM][phase], r.times[flavourFilled][phase]), goal)
	}
	vData, vNoop, vSCM := median(r.validate[flavourData]), median(r.validate[flavourNoop]), median(r.validate[flavourSCM])
	vRatio := medianRatio(r.validate[flavourSCM], r.validate[flavourNoop])
	fmt.Fprintf(&b, "| `terraform validate`, 1 resource | %s | %s | - | %s | %.2f | - | ≤ %.2f: %s |\n\n", seconds(vData), seconds(vNoop), seconds(vSCM), vRatio, goalValidateRatio, verdict(vRatio <= goalValidateRatio))
	b.WriteString("Every run, in seconds (scm / do-nothing / same-shape / terraform_data):\n\n")
	for _, phase := range []string{phaseApply, phasePlan, phaseDestroy} {
		fmt.Fprintf(&b, "- %s:", phase)
		for _, f := range []string{flavourSCM, flavourNoop, flavourFilled, flavourData} {
			var runs []string
			for _, d := range r.times[f][phase] {
				runs = append(runs, fmt.Sprintf("%.2f", d.Seconds()))
			}
			fmt.Fprintf(&b, " %s", strings.Join(runs, " "))
			if f != flavourData {
				b.WriteString(" /")
			}
		}
		b.WriteString("\n")
	}
	b.WriteString("\nThe goals are held against the do-nothing provider, which stores nulls for the values only the service knows. " +
		"The same-shape column stores placeholders there instead, so that Terraform handles a state as large as this provider's: " +
		"the difference between the two floors is Terraform's own work on the larger state.\n\n")

	b.WriteString("## API requests per resource (scm provider)\n\n| phase | requests | shows | applications | withdrawals | exports | goal |\n|---|---|---|---|---|---|---|\n")
	requestGoals := map[string]func(c emulator.Counts) (string, bool){
		phaseApply: func(c emulator.Counts) (string, bool) {
			return "1 application, ≤ 4 requests", c.Applications == n && float64(c.Requests) <= goalRequestsApply*float64(n)
		},
		phasePlan:   func(c emulator.Counts) (string, bool) { return "exactly 1 show", c.Shows == n && c.Requests == n },
		phaseImport: func(c emulator.Counts) (string, bool) { return "1 show", c.Shows == n && c.Requests == n },
		phaseDestroy: func(c emulator.Counts) (string, bool) {
			return "≤ 1 withdrawal + bounded polling", c.Withdrawals <= n
		},
		phaseRead: func(c emulator.Counts) (string, bool) {
			return "1 show + 1 export", c.Shows == n && c.Exports == n && c.Requests == 2*n
		},
	}
	for _, phase := range []string{phaseApply, phasePlan, phaseImport, phaseDestroy, phaseRead} {
		c := r.counts[phase]
		per := func(v int) string { return fmt.Sprintf("%.2f", float64(v)/float64(n)) }
		text, ok := requestGoals[phase](c)
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s: %s |\n", phase, per(c.Requests), per(c.Shows), per(c.Applications),
			per(c.Withdrawals), per(c.Exports), text, verdict(ok))
	}
	b.WriteString("\nA data source read of an issued certificate exports it for its PEM attributes; the export answer carries the " +
		"private key (the API has no export without it), which the client leaves undecoded.\n")

	t := r.throttled
	slowdown := t.elapsed.Seconds() / median(r.times[flavourSCM][phaseApply]).Seconds()
	fmt.Fprintf(&b, "\n## Apply with 30%% of requests throttled\n\n| succeeded | time | slowdown | throttled answers | applications | goal |\n|---|---|---|---|---|---|\n")
	fmt.Fprintf(&b, "| %d / %d | %s | %.2f× | %d | %d | 100%% success: %s |\n\n", t.succeeded, n, seconds(t.elapsed), slowdown,
		t.counts.Throttled, t.counts.Applications, verdict(t.succeeded == n))
	fmt.Fprintf(&b, "The throttled run sets `max_retries = %d`; see README for why.\n\n", throttledRetries)

	fmt.Fprintf(&b, "## Apply under the gateway's throttling policies\n\n%d applications, default settings, `-parallelism=%d`, "+
		"`terraform apply` (a plan's process, then the apply's), against fixed-window policies and the emulator's token bucket; "+
		"every 429 names its policy. Ideal for a window policy: the same apply without a limit (%s), plus a window for each "+
		"share of the admitted requests but the first; for a bucket: the requests admitted, less the burst, divided by the rate.\n\n"+
		"| policy | succeeded | time | ideal | time / ideal | refused (429) | requests | goal |\n|---|---|---|---|---|---|---|---|\n",
		rateLimitedApplications, opts.parallelism, seconds(unthrottledOf(r.limited)))
	for _, l := range r.limited {
		ratio := l.elapsed.Seconds() / l.ideal().Seconds()
		most := goalLimitedRefused
		if l.faults.RateLimit > 0 && l.faults.RateLimit < 4 {
			most = goalSlowBucketRefused
		}
		ok := l.succeeded == rateLimitedApplications && ratio <= goalLimitedRatio && l.refused() <= most
		goal := fmt.Sprintf("all once, ≤ %.1f× ideal, ≤ %.0f%% refused", goalLimitedRatio, most*100)
		fmt.Fprintf(&b, "| %s | %d / %d | %s | %s | %.2f | %.1f%% | %d | %s: %s |\n", l.name(), l.succeeded, rateLimitedApplications,
			seconds(l.elapsed), seconds(l.ideal()), ratio, 100*l.refused(), l.counts.Requests, goal, verdict(ok))
	}
	b.WriteString("\nThe time includes Terraform's own work (start-up, planning, the state), which a bucket's ideal leaves out.\n\n")
	b.WriteString("The client keeps one pacer per policy a 429 names, told apart by subject and window: after a refusal it probes a quarter of a window apart until the gateway's window turns, then sends no more than the limit, refused requests counted, in any stretch of one window's length, with at most two awaiting an answer in the window a probe opened; a waiting request is woken by the time or the next answer, and a refusal by a policy spends no retry (README, \"API rate limits\").\n\n")

	b.WriteString("## Provider process\n\n| | do-nothing provider | scm provider | goal |\n|---|---|---|---|\n")
	fmt.Fprintf(&b, "| peak RSS during the refresh plan of %d | %.1f MiB | %.1f MiB | ≤ %.1f× the do-nothing provider: %s |\n", n,
		float64(r.peakRSS[flavourNoop])/1024, float64(r.peakRSS[flavourSCM])/1024, goalRSSRatio,
		verdict(r.peakRSS[flavourSCM] > 0 && float64(r.peakRSS[flavourSCM]) <= goalRSSRatio*float64(r.peakRSS[flavourNoop])))
	fmt.Fprintf(&b, "| binary size | %.1f MiB | %.1f MiB | - |\n", float64(r.binarySize[flavourNoop])/(1<<20), float64(r.binarySize[flavourSCM])/(1<<20))

	if r.goBench != "" {
		b.WriteString("\n## Go benchmarks\n\n| benchmark | ns/op | B/op | allocs/op |\n|---|---|---|---|\n")
		b.WriteString(r.goBench)
	}
	return b.String()
}

// machine describes where the numbers were measured.
func machine(terraform string) string {
	cpu := "unknown CPU"
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		scanner := bufio.NewScanner(f)
		for scanner.Scan() {
			if rest, ok := strings.CutPrefix(scanner.Text(), "model name"); ok {
				cpu = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(rest), ":"))
				break
			}
		}
		_ = f.Close()
	}
	memory := float64(statusField("/proc/meminfo", "MemTotal:")) / (1 << 20)
	version, _ := exec.Command(terraform, "version").Output()
	tfVersion := strings.SplitN(string(version), "\n", 2)[0]
	return fmt.Sprintf("Measured %s on %d × %s, %.0f GiB, %s/%s, %s, %s.", time.Now().UTC().Format("2006-01-02"),
		runtime.NumCPU(), cpu, memory, runtime.GOOS, runtime.GOARCH, runtime.Version(), tfVersion)
}

// goBenchmarks runs the testing.B benchmarks and returns their table rows.
func goBenchmarks() (string, error) {
	out, err := exec.Command("go", "test", "-run", "^$", "-bench", ".", "-benchmem", "-count", "1",
		"./internal/scm", "./internal/validate", "./internal/provider").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go test -bench: %v\n%s", err, out)
	}
	var rows strings.Builder
	for _, line := range strings.Split(string(out), "\n") {
		f := strings.Fields(line)
		if len(f) >= 8 && strings.HasPrefix(f[0], "Benchmark") {
			fmt.Fprintf(&rows, "| %s | %s | %s | %s |\n", f[0], f[2], f[4], f[6])
		}
	}
	return rows.String(), nil
}
