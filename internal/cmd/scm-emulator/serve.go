package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log"
	"maps"
	"net"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/scmteam/terraform-provider-scm/internal/emulator"
)

func serve(args []string) error {
	flags := flag.NewFlagSet("scm-emulator", flag.ContinueOnError)
	listen := flags.String("listen", "127.0.0.1:0", "address to listen on; the control API under /_emulator/ listens there too")
	seedsFile := flags.String("seeds", "", "JSON file with the purchased certificates to start with (an array of seeds, see README)")
	accessKey := flags.String("access-key", os.Getenv("HW_ACCESS_KEY"), "access key clients sign with (default $HW_ACCESS_KEY)")
	secretKey := flags.String("secret-key", os.Getenv("HW_SECRET_KEY"), "secret key clients sign with (default $HW_SECRET_KEY)")
	urlFile := flags.String("url-file", "", "file to write the base URL into once listening")
	var opts emulator.Options
	flags.DurationVar(&opts.ReviewTime, "review-time", 0, "how long a review takes; 0: it ends only by the issue or refuse control (or, with -dns-validation, when the records are published)")
	flags.DurationVar(&opts.WithdrawalTime, "withdrawal-time", time.Second, "how long a withdrawal stays CANCELCHECKING")
	flags.BoolVar(&opts.DNSValidation, "dns-validation", false, "issue a DNS-validated application only once its records are published")
	flags.BoolVar(&opts.MaskPersonalData, "mask-personal-data", false, "answer phones and e-mails masked, as 13****28932")
	flags.DurationVar(&opts.RecordsDelay, "records-delay", 0, "how long after an application its DNS validation records are reported")
	flags.DurationVar(&opts.Validity, "validity", 0, "how long issued certificates are valid, such as 240h; 0: their validity_period in months")
	flags.BoolVar(&opts.FrozenClock, "frozen-clock", false, "stop the service clock; reviews and withdrawals end only when it is advanced")
	flags.Float64Var(&opts.Faults.ThrottleRate, "throttle-rate", 0, "share of API requests answered 429 at random")
	flags.Float64Var(&opts.Faults.ErrorRate, "error-rate", 0, "share of API requests answered 500 at random")
	flags.Float64Var(&opts.Faults.SlowRate, "slow-rate", 0, "share of API requests delayed by -delay")
	flags.Float64Var(&opts.Faults.DropRate, "drop-rate", 0, "share of API requests acted on, then dropped without an answer")
	flags.Func("delay", "how long a slow request waits (default 0s)", durationFlag(&opts.Faults.Delay))
	flags.Func("retry-after", "Retry-After sent with every 429 (default none)", durationFlag(&opts.Faults.RetryAfter))
	flags.Float64Var(&opts.Faults.RateLimit, "rate-limit", 0, "API requests admitted per second, a token bucket like the gateway's; 0: no limit")
	flags.IntVar(&opts.Faults.RateBurst, "rate-burst", 0, "bucket size of -rate-limit (default: one second's worth)")
	flags.IntVar(&opts.Faults.WindowLimit, "window-limit", 0, "API requests admitted in each fixed -window, as the gateway's throttling policies count them; 0: no limit")
	flags.Func("window", "length of the fixed windows of -window-limit, whole seconds (default 1s)", durationFlag(&opts.Faults.Window))
	randomSeed := flags.Uint64("random-seed", 0, "seed of the random faults (default: from the time)")
	var seeds []emulator.Seed
	flags.Func("certificate", "a purchased certificate as id[,type[,domain_type[,domain_count]]] or with key=value "+
		"parts (type, domain_type, domain_count, wildcard_count, brand, refuse, in_use), such as "+
		"scs1554192131150,OV_SSL_CERT or scs1554192131151,domain_type=MULTI_DOMAIN,domain_count=3,wildcard_count=1; repeatable", func(value string) error {
		seed, err := parseSeed(value)
		seeds = append(seeds, seed)
		return err
	})
	if err := flags.Parse(args); err != nil {
		return err
	}
	if flags.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q; the commands are %s", flags.Arg(0), strings.Join(slices.Sorted(maps.Keys(controlCommands)), ", "))
	}

	if *seedsFile != "" {
		fromFile, err := emulator.LoadSeeds(*seedsFile)
		if err != nil {
			return err
		}
		seeds = append(seeds, fromFile...)
	}
	opts.AccessKey, opts.SecretKey = *accessKey, *secretKey
	opts.RandomSeed = *randomSeed
	if opts.RandomSeed == 0 {
		opts.RandomSeed = uint64(time.Now().UnixNano())
	}
	srv, err := emulator.New(opts, seeds...)
	if err != nil {
		return err
	}

	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return err
	}
	url := "http://" + ln.Addr().String()
	fmt.Println(url)
	if *urlFile != "" {
		if err := os.WriteFile(*urlFile, []byte(url+"\n"), 0o600); err != nil {
			return err
		}
	}

	server := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = server.Shutdown(shutdown)
	}()
	if err := server.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	counts, _ := json.Marshal(srv.Counts())
	log.Printf("requests served: %s", counts)
	return nil
}

func durationFlag(target *emulator.Duration) func(string) error {
	return func(value string) error {
		d, err := time.ParseDuration(value)
		if err != nil || d < 0 {
			return fmt.Errorf("%q is not a duration such as 2s", value)
		}
		*target = emulator.Duration(d)
		return nil
	}
}
