package provider

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-exec/tfexec"
	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// cliWorkspace runs the real Terraform CLI of TF_ACC_TERRAFORM_PATH command by command,
// talking to an scm provider served in this process. Scenario tests use it: they run
// just the commands a user would (plugin-testing runs about eight per step, to check for
// perpetual differences, which the lifecycle tests do), and it offers what the testing
// framework does not: apply -replace, state rm, a destroy after a failed apply.
type cliWorkspace struct {
	t        *testing.T
	target   *accTarget
	tf       *tfexec.Terraform
	dir      string
	output   lockedBuffer
	reattach *tfexec.ReattachOption
	inited   bool
}

// lockedBuffer takes the standard output and error of a command, written at once.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) Reset() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf.Reset()
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// newCLIWorkspace makes a workspace for target and runs the test in parallel with the
// others.
func newCLIWorkspace(t *testing.T, target *accTarget) *cliWorkspace {
	t.Helper()
	if os.Getenv(resource.EnvTfAcc) == "" {
		t.Skip("acceptance tests skipped unless env 'TF_ACC' set")
	}
	terraform := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if terraform == "" {
		t.Skip("no Terraform CLI: set TF_ACC_TERRAFORM_PATH")
	}
	t.Parallel()
	ws := &cliWorkspace{t: t, target: target, dir: t.TempDir()}
	tf, err := tfexec.NewTerraform(ws.dir, terraform)
	if err != nil {
		t.Fatal(err)
	}
	ws.tf = tf
	tf.SetStdout(&ws.output)
	tf.SetStderr(&ws.output)

	ctx, stop := context.WithCancel(context.Background())
	reattach := make(chan *plugin.ReattachConfig)
	closed := make(chan struct{})
	getenv := target.getenv
	if getenv == nil {
		getenv = osGetenv
	}
	server := providerserver.NewProtocol6(newProvider("test", "test", target.pacing(), getenv)())
	go func() {
		err := tf6server.Serve(providerAddress(), func() tfprotov6.ProviderServer { return server() },
			tf6server.WithDebug(ctx, reattach, closed), tf6server.WithGoPluginLogger(hclog.NewNullLogger()),
			tf6server.WithoutLogStderrOverride(), tf6server.WithLoggingSink(t))
		if err != nil {
			t.Error(err)
		}
	}()
	config := <-reattach
	t.Cleanup(func() { stop(); <-closed })
	ws.reattach = tfexec.Reattach(tfexec.ReattachInfo{providerAddress(): {
		Protocol: string(config.Protocol), ProtocolVersion: config.ProtocolVersion, Pid: config.Pid, Test: true,
		Addr: tfexec.ReattachConfigAddr{Network: config.Addr.Network(), String: config.Addr.String()},
	}})
	return ws
}

// providerAddress is where the CLI looks for the scm provider: on the registry host of
// TF_ACC_PROVIDER_HOST, as resource.Test does (registry.opentofu.org for OpenTofu, which
// resolves the source "scmteam/scm" there), else on Terraform's registry.
func providerAddress() string {
	host := os.Getenv("TF_ACC_PROVIDER_HOST")
	if host == "" {
		host = "registry.terraform.io"
	}
	return host + "/scmteam/scm"
}

// write replaces the workspace's configuration, adding the scm provider's source, and
// initialises the workspace the first time. An empty config keeps the files as they are.
func (ws *cliWorkspace) write(config string) {
	ws.t.Helper()
	if config != "" {
		source := "terraform {\n  required_providers {\n    scm = { source = \"scmteam/scm\" }\n  }\n}\n"
		ws.writeFile("main.tf", source+config)
	}
	if !ws.inited {
		ws.inited = true
		ws.run("init", false, func(ctx context.Context) error { return ws.tf.Init(ctx, ws.reattach) })
	}
}

// writeFile writes a file of the configuration, as it is.
func (ws *cliWorkspace) writeFile(name, content string) {
	ws.t.Helper()
	mustDo(ws.t, os.WriteFile(filepath.Join(ws.dir, name), []byte(content), 0o600))
}

// setEnv adds variables to the environment the CLI runs in (and, through it,
// provisioners).
func (ws *cliWorkspace) setEnv(extra map[string]string) {
	ws.t.Helper()
	env := map[string]string{}
	for _, kv := range os.Environ() {
		key, value, _ := strings.Cut(kv, "=")
		env[key] = value
	}
	for key, value := range extra {
		env[key] = value
	}
	mustDo(ws.t, ws.tf.SetEnv(tfexec.CleanEnv(env)))
}

// run runs one command and returns what it printed; the test stops when the command
// fails, unless it was meant to.
func (ws *cliWorkspace) run(name string, wantFailure bool, command func(ctx context.Context) error) string {
	ws.t.Helper()
	ws.output.Reset()
	err := command(context.Background())
	out := ws.output.String()
	if err != nil {
		out += "\n" + err.Error()
	}
	if (err != nil) != wantFailure {
		ws.t.Fatalf("terraform %s: failed %v, want failed %v:\n%s", name, err != nil, wantFailure, out)
	}
	return out
}

// apply writes config and applies it.
func (ws *cliWorkspace) apply(config string, opts ...tfexec.ApplyOption) string {
	ws.t.Helper()
	ws.write(config)
	return ws.run("apply", false, func(ctx context.Context) error { return ws.tf.Apply(ctx, append(opts, ws.reattach)...) })
}

// applyPlanFails applies the plan that the last plan call saved, expecting a failure
// whose output says each phrase.
func (ws *cliWorkspace) applyPlanFails(phrases ...string) {
	ws.t.Helper()
	out := ws.run("apply plan", true, func(ctx context.Context) error {
		return ws.tf.Apply(ctx, tfexec.DirOrPlan("plan"), ws.reattach)
	})
	says(ws.t, out, phrases...)
}

// applyInterrupted writes config and applies it, interrupting the CLI (SIGINT, as
// Ctrl-C does) once interrupt is closed. Whether Terraform then reports a failure
// depends on its version, so either is accepted; the output is returned.
func (ws *cliWorkspace) applyInterrupted(config string, interrupt <-chan struct{}) string {
	ws.t.Helper()
	ws.write(config)
	ws.output.Reset()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		select {
		case <-interrupt:
			cancel() // terraform-exec sends SIGINT, then waits for the CLI to stop
		case <-ctx.Done():
		}
	}()
	err := ws.tf.Apply(ctx, ws.reattach)
	out := ws.output.String()
	if err != nil {
		out += "\n" + err.Error()
	}
	return out
}

// query writes the query file and runs terraform query (Terraform 1.14 and later) with
// -generate-config-out=generated when generated is set, and returns what each list block
// found, by the list's address.
func (ws *cliWorkspace) query(queryFile, generated string) map[string][]tfjson.ListResourceFoundData {
	ws.t.Helper()
	ws.writeFile("main.tfquery.hcl", queryFile)
	opts := []tfexec.QueryOption{ws.reattach}
	if generated != "" {
		opts = append(opts, tfexec.GenerateConfigOut(generated))
	}
	messages, err := ws.tf.QueryJSON(context.Background(), opts...)
	if err != nil {
		ws.t.Fatal(err)
	}
	found := map[string][]tfjson.ListResourceFoundData{}
	var problems []string
	for next := range messages {
		switch msg := next.Msg.(type) {
		case nil:
			if next.Err != nil {
				problems = append(problems, next.Err.Error())
			}
		case tfjson.ListResourceFoundMessage:
			found[msg.ListResourceFound.Address] = append(found[msg.ListResourceFound.Address], msg.ListResourceFound)
		case tfjson.DiagnosticLogMessage:
			if msg.Severity == tfjson.DiagnosticSeverityError {
				problems = append(problems, msg.Summary+": "+msg.Detail)
			}
		}
	}
	ws.tf.SetStdout(&ws.output) // QueryJSON took it over
	if len(problems) > 0 {
		ws.t.Fatalf("terraform query failed:\n%s", strings.Join(problems, "\n"))
	}
	return found
}

// planImports plans and checks that the plan imports exactly want resources, each with
// the given action ("no-op": only the import; "update": the import and an in-place
// update), and adds, replaces or destroys nothing.
func (ws *cliWorkspace) planImports(want int, action string) {
	ws.t.Helper()
	out := ws.run("plan", false, func(ctx context.Context) error {
		_, err := ws.tf.Plan(ctx, tfexec.Out("plan"), ws.reattach)
		return err
	})
	plan, err := ws.tf.ShowPlanFile(context.Background(), "plan", ws.reattach)
	if err != nil {
		ws.t.Fatal(err)
	}
	imports := 0
	for _, change := range plan.ResourceChanges {
		actions := change.Change.Actions
		if change.Change.Importing == nil || action == "no-op" && !actions.NoOp() || action == "update" && !actions.Update() {
			ws.t.Errorf("%s: %v (importing: %v), want an import with %s", change.Address, actions, change.Change.Importing != nil, action)
			continue
		}
		imports++
	}
	if imports != want || ws.t.Failed() {
		ws.t.Fatalf("the plan imports %d resources, want %d and nothing else:\n%s", imports, want, out)
	}
}

// applyFails writes config and applies it, expecting a failure whose output says each
// phrase.
func (ws *cliWorkspace) applyFails(config string, phrases ...string) {
	ws.t.Helper()
	ws.write(config)
	out := ws.run("apply", true, func(ctx context.Context) error { return ws.tf.Apply(ctx, ws.reattach) })
	says(ws.t, out, phrases...)
}

// plan writes config and plans it: the action planned for each resource (create,
// update, replace, delete, no-op) and what Terraform printed.
func (ws *cliWorkspace) plan(config string, opts ...tfexec.PlanOption) (map[string]string, string) {
	ws.t.Helper()
	ws.write(config)
	out := ws.run("plan", false, func(ctx context.Context) error {
		_, err := ws.tf.Plan(ctx, append(opts, tfexec.Out("plan"), ws.reattach)...)
		return err
	})
	plan, err := ws.tf.ShowPlanFile(context.Background(), "plan", ws.reattach)
	if err != nil {
		ws.t.Fatal(err)
	}
	actions := map[string]string{}
	for _, change := range plan.ResourceChanges {
		a := change.Change.Actions
		switch {
		case a.Replace():
			actions[change.Address] = "replace"
		case a.Create():
			actions[change.Address] = "create"
		case a.Update():
			actions[change.Address] = "update"
		case a.Delete():
			actions[change.Address] = "delete"
		default:
			actions[change.Address] = "no-op"
		}
	}
	return actions, out
}

// expectAction plans config and checks the action planned for the application.
func (ws *cliWorkspace) expectAction(config, want string, phrases ...string) {
	ws.t.Helper()
	actions, out := ws.plan(config)
	if got := actions[resourceAddress]; got != want {
		ws.t.Fatalf("the plan would %s %s, want %s:\n%s", got, resourceAddress, want, out)
	}
	says(ws.t, out, phrases...)
}

// planIsEmpty writes config and checks that a plan finds nothing to do.
func (ws *cliWorkspace) planIsEmpty(config string) {
	ws.t.Helper()
	ws.write(config)
	var changes bool
	out := ws.run("plan", false, func(ctx context.Context) error {
		var err error
		changes, err = ws.tf.Plan(ctx, ws.reattach)
		return err
	})
	if changes {
		ws.t.Fatalf("the plan is not empty:\n%s", out)
	}
}

// planFails writes config and plans it, expecting a failure that says each phrase.
func (ws *cliWorkspace) planFails(config string, phrases ...string) {
	ws.t.Helper()
	ws.write(config)
	out := ws.run("plan", true, func(ctx context.Context) error {
		_, err := ws.tf.Plan(ctx, ws.reattach)
		return err
	})
	says(ws.t, out, phrases...)
}

func (ws *cliWorkspace) destroy() string {
	ws.t.Helper()
	return ws.run("destroy", false, func(ctx context.Context) error { return ws.tf.Destroy(ctx, ws.reattach) })
}

func (ws *cliWorkspace) destroyFails(phrases ...string) {
	ws.t.Helper()
	out := ws.run("destroy", true, func(ctx context.Context) error { return ws.tf.Destroy(ctx, ws.reattach) })
	says(ws.t, out, phrases...)
}

func (ws *cliWorkspace) stateRm(address string) {
	ws.t.Helper()
	ws.run("state rm", false, func(ctx context.Context) error { return ws.tf.StateRm(ctx, address) })
}

// importBlock is an import block that imports id to address.
func importBlock(address, id string) string {
	return fmt.Sprintf("import {\n  to = %s\n  id = %q\n}\n", address, id)
}

// importID writes config and imports the application "test" by id with terraform import.
func (ws *cliWorkspace) importID(config, id string) {
	ws.t.Helper()
	ws.write(config)
	ws.run("import", false, func(ctx context.Context) error { return ws.tf.Import(ctx, resourceAddress, id, ws.reattach) })
}

// attribute returns an attribute of a resource in the state; nil when absent.
func (ws *cliWorkspace) attribute(address, name string) any {
	ws.t.Helper()
	state, err := ws.tf.Show(context.Background(), ws.reattach)
	if err != nil {
		ws.t.Fatal(err)
	}
	if state.Values == nil {
		return nil
	}
	for _, r := range state.Values.RootModule.Resources {
		if r.Address == address {
			return r.AttributeValues[name]
		}
	}
	return nil
}

// expectAttribute checks an attribute of the application in the state.
func (ws *cliWorkspace) expectAttribute(name string, want any) {
	ws.t.Helper()
	if got := ws.attribute(resourceAddress, name); !equalJSON(got, want) {
		ws.t.Errorf("%s = %v, want %v", name, got, want)
	}
}

func equalJSON(got, want any) bool {
	if list, ok := got.([]any); ok && want == nil {
		return len(list) == 0
	}
	return fmt.Sprint(got) == fmt.Sprint(want)
}

// terraformAtLeast reports whether the CLI is at least the given version.
func (ws *cliWorkspace) terraformAtLeast(minimum string) bool {
	ws.t.Helper()
	current, _, err := ws.tf.Version(context.Background(), true)
	if err != nil {
		ws.t.Fatal(err)
	}
	return current.GreaterThanOrEqual(version.Must(version.NewVersion(minimum)))
}

// check runs the check functions acceptance steps use (those of this package read the
// emulator, not the state they are given).
func (ws *cliWorkspace) check(checks ...resource.TestCheckFunc) {
	ws.t.Helper()
	for _, check := range checks {
		if err := check(nil); err != nil {
			ws.t.Error(err)
		}
	}
}

// says checks that the output of a command holds every phrase, however Terraform
// wrapped its lines.
// flatten joins Terraform's output into one line: it wraps diagnostics and boxes them.
func flatten(out string) string {
	return strings.Join(strings.Fields(strings.NewReplacer("│", " ", "╷", " ", "╵", " ").Replace(out)), " ")
}

func says(t *testing.T, out string, phrases ...string) {
	t.Helper()
	flat := flatten(out)
	for _, phrase := range phrases {
		if !strings.Contains(flat, phrase) {
			t.Errorf("the output does not say %q:\n%s", phrase, out)
		}
	}
}
