// Command scm-emulator runs the local SCM emulator, and drives a running one.
//
//	scm-emulator [serve flags]                 serve until interrupted
//	scm-emulator publish NAME VALUE            publish a DNS validation record
//	scm-emulator issue|refuse|withdraw ID      end a review, or withdraw out of band
//	scm-emulator advance DURATION              move the service clock forward
//	scm-emulator events                        print what happened, in order
//	scm-emulator call METHOD PATH [JSON]       any control call; prints its answer
//
// Serving prints the base URL on the first line of standard output (and into -url-file),
// so that scripts can point the provider's endpoint at it. The other commands find the
// emulator with -url, or $SCM_EMULATOR_URL, or $HW_SCM_ENDPOINT.
package main

import (
	"fmt"
	"os"
)

func main() {
	var err error
	if _, control := controlCommands[firstArgument()]; control {
		err = runControl(os.Args[1], os.Args[2:], os.Stdout)
	} else {
		err = serve(os.Args[1:])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "scm-emulator:", err)
		os.Exit(1)
	}
}

func firstArgument() string {
	if len(os.Args) < 2 {
		return ""
	}
	return os.Args[1]
}
