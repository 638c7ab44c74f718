package scm

import "context"

// Logger receives the client's log lines. The client itself depends on no logging
// library; the provider connects it to Terraform's (tflog). Fields hold the method,
// path, status, timing, attempt and request id of a call, never a body or a header.
type Logger interface {
	Debug(ctx context.Context, msg string, fields map[string]any)
	Info(ctx context.Context, msg string, fields map[string]any)
	Warn(ctx context.Context, msg string, fields map[string]any)
}

type discardLogger struct{}

func (discardLogger) Debug(context.Context, string, map[string]any) {}
func (discardLogger) Info(context.Context, string, map[string]any)  {}
func (discardLogger) Warn(context.Context, string, map[string]any)  {}
