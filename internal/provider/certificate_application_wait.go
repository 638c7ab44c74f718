package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/scmteam/terraform-provider-scm/internal/scm"
)

// Polling pace while waiting for the service. Variables so that tests against the
// emulator do not wait in real time.
var (
	pollMin = 2 * time.Second
	pollMax = 30 * time.Second
)

// waitForStatus polls the certificate until done accepts its status, doubling the pause
// between polls up to pollMax. It gives up when ctx ends.
func waitForStatus(ctx context.Context, client *scm.Client, id, goal string, done func(status string) bool) (*scm.Certificate, error) {
	pause := pollMin
	for {
		cert, err := client.ShowCertificate(ctx, id)
		if err != nil {
			return nil, err
		}
		if done(cert.Status) {
			return cert, nil
		}
		tflog.Debug(ctx, "Waiting for the certificate", map[string]any{"certificate_id": id, "status": cert.Status, "goal": goal})
		timer := time.NewTimer(pause)
		select {
		case <-ctx.Done():
			timer.Stop()
			return cert, fmt.Errorf("certificate %s is still %s, not %s: %w", id, cert.Status, goal, ctx.Err())
		case <-timer.C:
		}
		pause = min(2*pause, pollMax)
	}
}
