package config

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestLoad(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want func(c Config) bool
		errs []string
	}{
		{"defaults", nil, nil, func(c Config) bool {
			return c.Addr == ":8080" && c.DataDir == "./data" && c.Database == "vfv" && c.SurveysDir == "./surveys" && c.MongoURI == "" &&
				c.WriteConcern == "majority" && c.Journal == "true" && c.ReadPreference == "primary" && c.ShutdownTimeout == 15*time.Second
		}, nil},
		{"environment", map[string]string{"VFV_ADDR": ":9090", "VFV_DB": "x", "MONGODB_URI": "mongodb://h/", "VFV_SHUTDOWN_TIMEOUT": "3s"}, nil,
			func(c Config) bool {
				return c.Addr == ":9090" && c.Database == "x" && c.MongoURI == "mongodb://h/" && c.ShutdownTimeout == 3*time.Second
			}, nil},
		{"flag wins over environment", map[string]string{"VFV_ADDR": ":9090"}, []string{"--addr", ":7070"},
			func(c Config) bool { return c.Addr == ":7070" }, nil},
		{"every bad value is reported", map[string]string{"VFV_LOG_LEVEL": "loud", "VFV_LOG_FORMAT": "xml", "MONGODB_URI": "postgres://x", "VFV_WRITE_CONCERN": "all", "VFV_READ_PREFERENCE": "any", "VFV_JOURNAL": "maybe"}, nil, nil,
			[]string{"log level \"loud\"", "log format \"xml\"", "MONGODB_URI must start", "write concern \"all\"", "read preference \"any\"", "journal \"maybe\""}},
		{"metrics on loopback by default", nil, nil, func(c Config) bool {
			addr, on := c.MetricsListen()
			return c.MetricsAddr == "127.0.0.1:9090" && on && addr == "127.0.0.1:9090"
		}, nil},
		{"metrics address from the environment", map[string]string{"VFV_METRICS_ADDR": ":9100"}, nil,
			func(c Config) bool { addr, on := c.MetricsListen(); return on && addr == ":9100" }, nil},
		{"metrics off", map[string]string{"VFV_METRICS_ADDR": "off"}, nil,
			func(c Config) bool { addr, on := c.MetricsListen(); return !on && addr == "" }, nil},
		{"metrics flag empty is off", map[string]string{"VFV_METRICS_ADDR": ":9100"}, []string{"--metrics-addr", ""},
			func(c Config) bool { _, on := c.MetricsListen(); return !on }, nil},
		{"metrics address not host:port", map[string]string{"VFV_METRICS_ADDR": "9090"}, nil, nil, []string{`metrics address "9090" is not host:port`}},
		{"metrics address same as public", map[string]string{"VFV_ADDR": ":8080", "VFV_METRICS_ADDR": ":8080"}, nil, nil, []string{`metrics address ":8080" is the public listen address`}},
		{"bad duration", map[string]string{"VFV_SHUTDOWN_TIMEOUT": "soon"}, nil, nil, []string{"VFV_SHUTDOWN_TIMEOUT=\"soon\" is not a duration"}},
		{"base URL without a scheme", map[string]string{"VFV_BASE_URL": "vfv.example.se"}, nil, nil, []string{`base URL "vfv.example.se" is not an http:// or https:// address`}},
		{"tokens work 90 days by default", nil, nil, func(c Config) bool { return c.TokenDays == 90 }, nil},
		{"token days from the environment", map[string]string{"VFV_TOKEN_DAYS": "30"}, nil, func(c Config) bool { return c.TokenDays == 30 }, nil},
		{"tokens must work a day", map[string]string{"VFV_TOKEN_DAYS": "0"}, nil, nil, []string{"an API token must work for 1 day or more"}},
		{"writer lease from the environment", map[string]string{"VFV_WRITER_LEASE": "10s"}, nil, func(c Config) bool { return c.WriterLease == 10*time.Second }, nil},
		{"writer lease too short", map[string]string{"VFV_WRITER_LEASE": "1s"}, nil, nil, []string{"writer lease 1s: use 6s or more"}},
		{"writer lease too long", map[string]string{"VFV_WRITER_LEASE": "31m"}, nil, nil, []string{"writer lease 31m0s: use 30m0s or less"}},
		{"writer lease at the longest", map[string]string{"VFV_WRITER_LEASE": "30m"}, nil, func(c Config) bool { return c.WriterLease == 30*time.Minute }, nil},
		{"no trusted proxy by default", nil, nil, func(c Config) bool { p, err := c.Proxies(); return c.TrustedProxies == "" && len(p) == 0 && err == nil }, nil},
		{"trusted proxies", map[string]string{"VFV_TRUSTED_PROXIES": "10.0.0.5/32, 172.28.0.0/24,192.168.1.9,fd00::/8"}, nil, func(c Config) bool {
			p, err := c.Proxies()
			return err == nil && fmt.Sprint(p) == "[10.0.0.5/32 172.28.0.0/24 192.168.1.9/32 fd00::/8]"
		}, nil},
		{"trusted proxy not a CIDR", map[string]string{"VFV_TRUSTED_PROXIES": "10.0.0.5/32,proxy.local"}, nil, nil, []string{`trusted proxy "proxy.local" is not a CIDR`}},
		{"the old trust-everything switch is refused", map[string]string{"VFV_TRUST_PROXY": "true"}, nil, nil, []string{"VFV_TRUST_PROXY is gone: name the proxies in VFV_TRUSTED_PROXIES"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _, err := Load("serve", tt.args, env(tt.env), &bytes.Buffer{})
			if tt.errs == nil {
				if err != nil || !tt.want(c) {
					t.Errorf("Load = %+v, %v", c, err)
				}
				return
			}
			if err == nil {
				t.Fatal("want errors, got none")
			}
			for _, e := range tt.errs {
				if !strings.Contains(err.Error(), e) {
					t.Errorf("error %q lacks %q", err, e)
				}
			}
		})
	}
}

func TestPrintMasksSecrets(t *testing.T) {
	c, _, err := Load("config", nil, env(map[string]string{"MONGODB_URI": "mongodb://anna:hemligt@db.example:27017/vfv"}), &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	c.Print(&b, func(s string) string { return strings.Replace(s, "hemligt", "xxxxx", 1) })
	if strings.Contains(b.String(), "hemligt") || !strings.Contains(b.String(), "MONGODB_URI=mongodb://anna:xxxxx@db.example") || !strings.Contains(b.String(), "VFV_ADDR=:8080") ||
		!strings.Contains(b.String(), "VFV_METRICS_ADDR=127.0.0.1:9090\n") || !strings.Contains(b.String(), "VFV_TOKEN_DAYS=90\n") ||
		!strings.Contains(b.String(), "VFV_TRUSTED_PROXIES=\n") {
		t.Errorf("Print =\n%s", b.String())
	}
}

// TestPublicURL: the address the command line prints for respondents
// comes from VFV_BASE_URL, else from the listen address, never a fixed
// host and port.
func TestPublicURL(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"default address", nil, nil, "http://localhost:8080"},
		{"base URL wins", map[string]string{"VFV_BASE_URL": "https://enkat.grums.se/", "VFV_ADDR": ":9000"}, nil, "https://enkat.grums.se"},
		{"base URL by flag", nil, []string{"--base-url", "https://vfv.example.se/enkat"}, "https://vfv.example.se/enkat"},
		{"port from the address", map[string]string{"VFV_ADDR": ":9000"}, nil, "http://localhost:9000"},
		{"host from the address", map[string]string{"VFV_ADDR": "192.168.1.20:8081"}, nil, "http://192.168.1.20:8081"},
		{"name from the address", nil, []string{"--addr", "surfplatta.local:80"}, "http://surfplatta.local"},
		{"every IPv4 interface", map[string]string{"VFV_ADDR": "0.0.0.0:8082"}, nil, "http://localhost:8082"},
		{"every IPv6 interface", map[string]string{"VFV_ADDR": "[::]:8083"}, nil, "http://localhost:8083"},
		{"IPv6 host", map[string]string{"VFV_ADDR": "[fd00::5]:8084"}, nil, "http://[fd00::5]:8084"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _, err := Load("campaign create", tt.args, env(tt.env), &bytes.Buffer{})
			if err != nil {
				t.Fatal(err)
			}
			if got := c.PublicURL(); got != tt.want {
				t.Errorf("PublicURL() = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestWriteFlags: the help lists every setting with its environment
// variable and default.
func TestWriteFlags(t *testing.T) {
	var b bytes.Buffer
	WriteFlags(&b)
	for _, st := range settings {
		if !strings.Contains(b.String(), "--"+st.flag+" (env "+st.env+", default ") {
			t.Errorf("WriteFlags lacks --%s with %s:\n%s", st.flag, st.env, b.String())
		}
	}
	if !strings.Contains(b.String(), "--addr (env VFV_ADDR, default :8080)") {
		t.Errorf("WriteFlags does not give the default of --addr:\n%s", b.String())
	}
}
