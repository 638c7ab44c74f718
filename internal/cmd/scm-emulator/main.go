// Command scm-emulator serves the local SCM emulator until it is interrupted.
//
//	scm-emulator -seeds certificates.json -access-key AK -secret-key SK
//
// It prints its base URL on the first line of standard output (and into -url-file),
// so that scripts can point the provider's endpoint at it.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/scmteam/terraform-provider-scm/internal/emulator"
)

func main() {
	if err := run(); err != nil {
		log.Fatal(err)
	}
}

func run() error {
	listen := flag.String("listen", "127.0.0.1:0", "address to listen on")
	seedsFile := flag.String("seeds", "", "JSON file with the purchased certificates to start with")
	accessKey := flag.String("access-key", os.Getenv("HW_ACCESS_KEY"), "access key clients sign with (default $HW_ACCESS_KEY)")
	secretKey := flag.String("secret-key", os.Getenv("HW_SECRET_KEY"), "secret key clients sign with (default $HW_SECRET_KEY)")
	reviewTime := flag.Duration("review-time", 0, "how long an application stays CHECKING before it is issued; 0 keeps it CHECKING")
	withdrawalTime := flag.Duration("withdrawal-time", time.Second, "how long a withdrawal stays CANCELCHECKING")
	urlFile := flag.String("url-file", "", "file to write the base URL into once listening")
	var seeds []emulator.Seed
	flag.Func("certificate", "a purchased certificate as id[,type[,domain_type[,domain_count]]], such as "+
		"scs1554192131150,OV_SSL_CERT,MULTI_DOMAIN,3; repeatable", func(value string) error {
		seed, err := parseSeed(value)
		seeds = append(seeds, seed)
		return err
	})
	flag.Parse()

	if *seedsFile != "" {
		fromFile, err := emulator.LoadSeeds(*seedsFile)
		if err != nil {
			return err
		}
		seeds = append(seeds, fromFile...)
	}
	srv, err := emulator.New(emulator.Options{
		AccessKey: *accessKey, SecretKey: *secretKey,
		ReviewTime: *reviewTime, WithdrawalTime: *withdrawalTime,
		RandomSeed: uint64(time.Now().UnixNano()),
	}, seeds...)
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

// parseSeed reads the -certificate flag.
func parseSeed(value string) (emulator.Seed, error) {
	parts := strings.Split(value, ",")
	seed := emulator.Seed{ID: parts[0]}
	if len(parts) > 1 {
		seed.Type = parts[1]
	}
	if len(parts) > 2 {
		seed.DomainType = parts[2]
	}
	if len(parts) > 3 {
		count, err := strconv.Atoi(parts[3])
		if err != nil {
			return seed, fmt.Errorf("domain_count %q is not a number", parts[3])
		}
		seed.DomainCount = count
	}
	if len(parts) > 4 {
		return seed, fmt.Errorf("%q has more than four comma-separated parts", value)
	}
	return seed, nil
}
