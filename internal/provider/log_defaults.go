package provider

import (
	"os"
	"strings"
)

// sdkLogLevelVariables are the variables that set the levels of the plugin SDK's loggers
// and of the provider's own.
var sdkLogLevelVariables = []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER"}

// SilenceUnreadLogs turns the plugin's logs off when Terraform is not logging.
//
// The plugin SDK logs at TRACE unless a variable says otherwise and leaves the
// filtering to Terraform, which discards every plugin line when no TF_LOG variable is
// set. Formatting lines that nobody reads took a third of the time of a 200-resource
// plan (BENCHMARKS.md). Terraform passes its environment to the plugins it starts, so
// any TF_LOG* variable the user sets leaves the SDK's defaults untouched.
func SilenceUnreadLogs() {
	silenceUnreadLogs(os.Environ(), os.Setenv)
}

func silenceUnreadLogs(environ []string, setenv func(key, value string) error) {
	for _, kv := range environ {
		if strings.HasPrefix(kv, "TF_LOG") || strings.HasPrefix(kv, "TF_ACC_LOG") {
			return
		}
	}
	for _, name := range sdkLogLevelVariables {
		_ = setenv(name, "OFF")
	}
}
