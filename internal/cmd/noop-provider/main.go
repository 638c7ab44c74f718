// Command noop-provider serves the benchmarks' do-nothing provider (see noopprovider).
package main

import (
	"context"
	"flag"
	"log"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/scmteam/terraform-provider-scm/internal/noopprovider"
	"github.com/scmteam/terraform-provider-scm/internal/provider"
)

func main() {
	// The same logging defaults as the real provider, so that the floor differs from it
	// only in what the resource does.
	provider.SilenceUnreadLogs()
	fill := flag.Bool("fill-computed", os.Getenv("SCM_NOOP_FILL_COMPUTED") != "", "store placeholders, not nulls, for computed values")
	flag.Parse()
	err := providerserver.Serve(context.Background(), noopprovider.New(*fill), providerserver.ServeOpts{
		Address: "registry.terraform.io/scmteam/scm",
	})
	if err != nil {
		log.Fatal(err)
	}
}
