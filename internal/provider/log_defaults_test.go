package provider

import (
	"reflect"
	"testing"
)

func TestSilenceUnreadLogs(t *testing.T) {
	tests := []struct {
		name    string
		environ []string
		want    map[string]string
	}{
		{"Terraform not logging", []string{"HOME=/root", "TF_CLI_CONFIG_FILE=x"}, map[string]string{
			"TF_LOG_SDK": "OFF", "TF_LOG_SDK_PROTO": "OFF", "TF_LOG_SDK_FRAMEWORK": "OFF", "TF_LOG_PROVIDER": "OFF",
		}},
		{"TF_LOG set", []string{"TF_LOG=DEBUG"}, map[string]string{}},
		{"only the provider's log asked for", []string{"TF_LOG_PROVIDER_SCM=TRACE"}, map[string]string{}},
		{"acceptance test log", []string{"TF_ACC_LOG_PATH=/tmp/x"}, map[string]string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := map[string]string{}
			silenceUnreadLogs(tt.environ, func(k, v string) error { got[k] = v; return nil })
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("set %v, want %v", got, tt.want)
			}
		})
	}
}
