package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/scmteam/terraform-provider-scm/internal/provider"
)

// Run "go generate" to format the examples and generate the docs.

//go:generate terraform fmt -recursive ./examples/
//go:generate go tool tfplugindocs generate --provider-name scm

// version and commit are set by the release build (goreleaser ldflags).
var (
	version = "dev"
	commit  = "none"
)

// registryAddress is where the provider is published; README and examples use it too.
const registryAddress = "registry.terraform.io/scmteam/scm"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()
	if !debug {
		provider.SilenceUnreadLogs()
	}

	err := providerserver.Serve(context.Background(), provider.New(version, commit), providerserver.ServeOpts{
		Address: registryAddress,
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err.Error())
	}
}
