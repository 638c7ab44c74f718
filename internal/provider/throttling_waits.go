package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/scmteam/terraform-provider-scm/internal/scm"
)

// noticeableWait is how long an operation may wait for the API gateway's throttling
// before it says so: a pipeline's log that shows nothing for longer looks stuck.
const noticeableWait = 10 * time.Second

// throttlingWaitSummary is the same for every operation, so that Terraform folds the
// warnings of many resources into one with a count.
const throttlingWaitSummary = "Waited for the API gateway's throttling"

// reportWaits returns a context whose API calls tally their waits for the gateway, and a
// function that warns, at the end of the operation, of a wait long enough to notice.
func reportWaits(ctx context.Context) (context.Context, func(*diag.Diagnostics)) {
	ctx, waits := scm.RecordWaits(ctx)
	return ctx, func(diags *diag.Diagnostics) {
		if total, policy := waits.Total(); total >= noticeableWait {
			diags.AddWarning(throttlingWaitSummary, throttlingWaitDetail(total, policy))
		}
	}
}

func throttlingWaitDetail(total time.Duration, policy scm.Policy) string {
	return fmt.Sprintf("This operation's SCM API calls waited %s in all for the API gateway's %s: the account's API quota "+
		"was spent, and nothing failed. To wait less, ask Huawei Cloud for a higher API quota, run Terraform with a lower "+
		"-parallelism, or set max_requests_per_second in the provider block to spread the requests out. With TF_LOG=INFO "+
		"each wait is logged as it begins.", total.Round(time.Second), policy)
}
