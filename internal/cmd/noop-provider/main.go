// Command noop-provider serves the benchmarks' do-nothing provider (see noopprovider).
package main

import (
	"context"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/scmteam/terraform-provider-scm/internal/noopprovider"
)

func main() {
	err := providerserver.Serve(context.Background(), noopprovider.New, providerserver.ServeOpts{
		Address: "registry.terraform.io/scmteam/scm",
	})
	if err != nil {
		log.Fatal(err)
	}
}
